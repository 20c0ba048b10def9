package dev.hookbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.KafkaBrokerProcess;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The promises under faults: a stream of events through the packaged hook-ingest (the forwarder's multipart, each with
 * its captured time and idempotency key, retried the way the forwarder retries) into two airtable-sync replicas and
 * the emulator, with one fault injected mid-stream. After each fault the emulator must hold exactly what the events
 * say (the newest description per component, computed from the events alone), one record per component, a sync result
 * for every accepted event, nothing in the dead-letter topics; the time from the fault's end to that exact state is
 * the recovery time. Only the process a fault kills is restarted. {@code bin/bench faults} runs every fault; the smoke
 * test a few.
 */
public final class FaultSuite implements AutoCloseable {
    static final String TOKEN = "fault-suite-token-7f3a";
    static final ObjectMapper JSON = new ObjectMapper();

    /** One fault: what it does to the stack mid-stream (returns when the fault has ended) and its name. */
    record Fault(String name, FaultAction action) {
    }

    interface FaultAction {
        /** Inflicts the fault and ends it; returns the instant it ended (recovery is measured from there). */
        Instant inflict(FaultSuite stack) throws Exception;
    }

    /** One row of the table. */
    record Outcome(String fault, int events, int accepted, int lost, int duplicates, int deadLetters, double recoverySeconds, String problem) {
        boolean passed() {
            return problem == null && lost == 0 && duplicates == 0 && deadLetters == 0 && accepted == events;
        }
    }

    final Path work;
    final KafkaBrokerProcess kafka;
    final AirtableEmulatorProcess emulator;
    ServiceProcess ingest;
    final List<ServiceProcess> syncs = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Consumer<String> say;
    private int runs;

    FaultSuite(Path work, Consumer<String> say) {
        this.work = work;
        this.say = say;
        this.kafka = new KafkaBrokerProcess(work.resolve("kafka")).start();
        this.emulator = new AirtableEmulatorProcess(work.resolve("emulator"), Duration.ofSeconds(2)).start();
        this.ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), List.of("@" + Packaged.checkout().resolve("hook-ingest/jvm.options")),
                Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "hookbus.http.tokens", TOKEN), work.resolve("logs"))
                .start(Duration.ofSeconds(90));
        syncs.add(sync("airtable-sync-1").start(Duration.ofSeconds(90)));
        syncs.add(sync("airtable-sync-2").start(Duration.ofSeconds(90)));
    }

    ServiceProcess sync(String name) {
        return new ServiceProcess(name, Packaged.service("airtable-sync"), Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN, "airtable.rate-limit-penalty", "PT2S",
                "airtable.initial-backoff", "PT0.5S", "airtable.max-backoff", "PT5S", "quarkus.log.category.\"org.apache.kafka\".level", "ERROR"),
                work.resolve("logs"));
    }

    static List<Fault> all() {
        return List.of(
                new Fault("SIGKILL hook-ingest", stack -> {
                    stack.ingest.kill();
                    stack.ingest.start(Duration.ofSeconds(90));
                    return Instant.now();
                }),
                new Fault("SIGKILL 1 of 2 airtable-sync", stack -> {
                    stack.syncs.get(0).kill();
                    Instant end = Instant.now();
                    stack.afterRun(() -> stack.syncs.get(0).start(Duration.ofSeconds(90)));
                    return end;
                }),
                new Fault("SIGKILL the only airtable-sync", stack -> {
                    stack.syncs.get(1).stop();
                    stack.syncs.get(0).kill();
                    stack.syncs.get(0).start(Duration.ofSeconds(90));
                    Instant restarted = Instant.now();
                    stack.afterRun(() -> stack.syncs.get(1).start(Duration.ofSeconds(90)));
                    return restarted;
                }),
                new Fault("broker stop + restart", stack -> {
                    stack.kafka.stop();
                    holdFault(Duration.ofSeconds(5));
                    stack.kafka.start();
                    return Instant.now();
                }),
                new Fault("broker SIGSTOP 20 s", stack -> {
                    stack.kafka.pause();
                    holdFault(Duration.ofSeconds(20));
                    stack.kafka.resume();
                    return Instant.now();
                }),
                airtableFault("Airtable outage 60 s", "{\"outageSeconds\":60}", Duration.ofSeconds(60)),
                airtableFault("429 storm", "{\"rateLimitNext\":25}", Duration.ofSeconds(10)),
                airtableFault("20 % 5xx", "{\"errorShare\":0.2,\"errorStatuses\":[500,502,503]}", Duration.ofSeconds(15)),
                airtableFault("300 ms Airtable latency", "{\"latencyMs\":300}", Duration.ofSeconds(15)));
    }

    /** The emulator answers with {@code faults} (its admin body) for {@code lasting}, then as before. */
    static Fault airtableFault(String name, String faults, Duration lasting) {
        return new Fault(name, stack -> {
            stack.emulator.admin("PUT", "faults", faults);
            holdFault(lasting);
            stack.emulator.admin("DELETE", "faults", null);
            return Instant.now();
        });
    }

    /** How long a fault lasts is what the fault is (not a wait for a condition): the stream runs on meanwhile. */
    static void holdFault(Duration lasting) throws InterruptedException {
        Thread.sleep(lasting.toMillis());
    }

    private final List<ThrowingRunnable> afterRun = new ArrayList<>();

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    void afterRun(ThrowingRunnable action) {
        afterRun.add(action);
    }

    /**
     * Streams {@code events} changes over {@code components} agents of a marketplace of its own, inflicts the fault
     * halfway, then waits (up to {@code settle}) for the exact state and judges it.
     */
    Outcome run(Fault fault, int events, int components, Duration settle) throws Exception {
        String marketplace = "faults" + (++runs);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(runs * 10_000L);
        Map<String, String> expected = new HashMap<>();
        Set<String> acceptedIds = new HashSet<>();
        int accepted = 0;
        Instant faultEnd = null;
        String problem = null;
        Thread faultThread = null;
        Instant[] ended = new Instant[1];
        Exception[] faultFailure = new Exception[1];
        for (int i = 0; i < events; i++) {
            if (i == events / 2) {
                faultThread = new Thread(() -> {
                    try {
                        ended[0] = fault.action().inflict(this);
                    } catch (Exception e) {
                        faultFailure[0] = e;
                    }
                }, "fault");
                faultThread.start();
            }
            int component = i % components;
            String description = "change " + i;
            String eventId = sendUntilAccepted(marketplace, component, i, description, t0.plusMillis(i));
            if (eventId != null) {
                accepted++;
                acceptedIds.add(eventId);
                expected.put(marketplace + "/p/agents/a" + component, description);
            }
        }
        if (faultThread != null) {
            faultThread.join(Duration.ofMinutes(5).toMillis());
        }
        faultEnd = ended[0] == null ? Instant.now() : ended[0];
        if (faultFailure[0] != null) {
            problem = "the fault itself failed: " + faultFailure[0];
        }
        Instant exactAt = awaitExact(marketplace, expected, faultEnd.plus(settle));
        for (ThrowingRunnable action : afterRun) {
            action.run();
        }
        afterRun.clear();
        Map<String, List<String>> records = records(marketplace);
        int lost = 0;
        for (Map.Entry<String, String> want : expected.entrySet()) {
            List<String> have = records.getOrDefault(want.getKey(), List.of());
            if (!have.contains(want.getValue())) {
                lost++;
            }
        }
        int duplicates = records.values().stream().mapToInt(r -> r.size() - 1).sum();
        // a result is published after its write: the last few may still be on their way when the state is exact
        Set<String> answered = new HashSet<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        answered.addAll(answeredEvents());
                        return answered.containsAll(acceptedIds);
                    });
        } catch (ConditionTimeoutException e) {
            // counted below
        }
        long unanswered = acceptedIds.stream().filter(id -> !answered.contains(id)).count();
        if (unanswered > 0 && problem == null) {
            problem = unanswered + " accepted events have no sync result";
        }
        int deadLetters = deadLetters(marketplace);
        if (exactAt == null && problem == null) {
            problem = "not exact within " + settle.toSeconds() + " s of the fault's end";
        }
        double recovery = exactAt == null ? Double.NaN : Math.max(0, Duration.between(faultEnd, exactAt).toMillis() / 1000.0);
        Outcome outcome = new Outcome(fault.name(), events, accepted, lost, duplicates, deadLetters, recovery, problem);
        say.accept(row(outcome));
        return outcome;
    }

    /** What the forwarder does: the same Idempotency-Key until a 204; a refusal for good (4xx other than 401/408/429) ends it. */
    private String sendUntilAccepted(String marketplace, int component, int i, String description, Instant capturedAt) throws Exception {
        String session = "fault-" + marketplace;
        String path = "/ws/" + marketplace + "/plugins/p/agents/a" + component + ".md";
        String event = JSON.createObjectNode().put("session_id", session).put("cwd", "/ws/" + marketplace).put("hook_event_name", "PostToolUse")
                .put("tool_name", "Write").put("tool_use_id", "toolu_" + i)
                .set("tool_input", JSON.createObjectNode().put("file_path", path)
                        .put("content", "---\nname: a" + component + "\ndescription: " + description + "\n---\n")).toString();
        String boundary = "faultsuite" + i;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"event\"; filename=\"event.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + event + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/hooks/claude-code/forward")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + TOKEN)
                .header("Idempotency-Key", marketplace + "-" + i).header("X-Hookbus-Captured-At", capturedAt.toString())
                .header("X-Hookbus-Project-Dir", "/ws/" + marketplace).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 204) {
                    return response.headers().firstValue("X-Hookbus-Event-Id").orElseThrow();
                }
                if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
                    throw new IllegalStateException("hook-ingest refused a valid event for good: " + status + " " + response.body());
                }
            } catch (IOException e) {
                // hook-ingest is down or restarting: the forwarder keeps the event and sends it again
            }
            Thread.sleep(200); // the forwarder's pause before it sends the same entry again
        }
        return null;
    }

    /** The instant the emulator first held exactly the expected state (checked every 500 ms), or null by the deadline. */
    private Instant awaitExact(String marketplace, Map<String, String> expected, Instant deadline) {
        try {
            Awaitility.await().atMost(Duration.ofMillis(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()))).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, List<String>> records = records(marketplace);
                return records.size() == expected.size() && expected.entrySet().stream()
                        .allMatch(e -> records.getOrDefault(e.getKey(), List.of()).equals(List.of(e.getValue())));
            });
            return Instant.now();
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    /** Sync key → the Purpose of every record under it (more than one = a duplicate). */
    Map<String, List<String>> records(String marketplace) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String offset = null;
        do {
            JsonNode page = JSON.readTree(emulator.admin("GET", "bases/" + AirtableEmulatorProcess.BASE_ID + "/tables/Agents/records"
                    + (offset == null ? "" : "?offset=" + offset), null));
            for (JsonNode record : page.path("records")) {
                String key = record.path("fields").path("Sync Key").asText();
                if (key.startsWith(marketplace + "/")) {
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(record.path("fields").path("Purpose").asText());
                }
            }
            offset = page.hasNonNull("offset") ? page.get("offset").asText() : null;
        } while (offset != null);
        return out;
    }

    private Set<String> answeredEvents() throws IOException {
        Set<String> ids = new HashSet<>();
        for (TopicRecords.Read read : TopicRecords.readAll(kafka.bootstrapServers(), Topic.SYNC_RESULTS.topicName())) {
            JsonNode result = JSON.readTree(read.value());
            if (result.hasNonNull("sourceEventId")) {
                ids.add(result.get("sourceEventId").asText());
            }
        }
        return ids;
    }

    private int deadLetters(String marketplace) {
        int count = 0;
        for (Topic topic : List.of(Topic.AIRTABLE_SYNC_DLQ, Topic.AIRTABLE_SYNC_UNREADABLE)) {
            for (TopicRecords.Read read : TopicRecords.readAll(kafka.bootstrapServers(), topic.topicName())) {
                if (new String(read.value(), StandardCharsets.UTF_8).contains(marketplace)) {
                    count++;
                }
            }
        }
        return count;
    }

    static String header() {
        return String.format("%-32s %7s %9s %5s %11s %4s %11s", "fault", "events", "accepted", "lost", "duplicates", "DLQ", "recovery s");
    }

    static String row(Outcome o) {
        return String.format("%-32s %7d %9d %5d %11d %4d %11s%s", o.fault(), o.events(), o.accepted(), o.lost(), o.duplicates(), o.deadLetters(),
                Double.isNaN(o.recoverySeconds()) ? "-" : String.format("%.1f", o.recoverySeconds()),
                o.passed() ? "" : "   FAILED" + (o.problem() == null ? "" : ": " + o.problem()));
    }

    @Override
    public void close() {
        if (ingest != null) {
            ingest.stop();
        }
        syncs.forEach(ServiceProcess::stop);
        emulator.close();
        kafka.close();
    }

    /**
     * {@code bin/bench faults [events] [components] [names]}: every fault in turn (or those whose name contains one of
     * the comma-separated names), 2,000 events over 300 components each; the table and a last line.
     */
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int components = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path work = Files.createTempDirectory("fault-suite");
        List<Outcome> outcomes = new ArrayList<>();
        try (FaultSuite suite = new FaultSuite(work, line -> { })) {
            System.out.println("fault suite: " + events + " events over " + components + " components per fault; logs in " + work.resolve("logs"));
            System.out.println(header());
            List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of();
            for (Fault fault : all()) {
                if (!only.isEmpty() && only.stream().noneMatch(name -> fault.name().contains(name.strip()))) {
                    continue;
                }
                Outcome outcome = suite.run(fault, events, components, Duration.ofMinutes(4));
                outcomes.add(outcome);
                System.out.println(row(outcome));
            }
        }
        long passed = outcomes.stream().filter(Outcome::passed).count();
        System.out.println("faults: " + passed + " passed, " + (outcomes.size() - passed) + " failed");
        System.exit(passed == outcomes.size() ? 0 : 1);
    }
}
