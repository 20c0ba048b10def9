package dev.hookbus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.devstack.FreePorts;
import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.FileSnapshot;
import dev.hookbus.events.HookEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real forwarder script (POSIX sh + curl) against the running service. */
@QuarkusTest
@WithKafkaBroker
class ForwarderScriptTest {
    static final Path SCRIPT = Path.of("../claude-plugin/scripts/hookbus-forward").toAbsolutePath().normalize();

    @TestHTTPResource("/")
    URL ingest;

    @TempDir
    Path tmp;

    Path data;
    Path agentFile;
    String session;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("plugin-data");
        agentFile = tmp.resolve("mkt/plugins/p/agents/reviewer.md");
        Files.createDirectories(agentFile.getParent());
        Files.writeString(agentFile, "---\nname: reviewer\ndescription: v1\n---\n");
        session = UUID.randomUUID().toString();
    }

    private String event(String toolUseId) {
        return """
                {"session_id":"%s","cwd":"%s","hook_event_name":"PostToolUse","tool_name":"Write","tool_use_id":"%s",
                 "tool_input":{"file_path":"%s","content":"ignored"},"tool_response":{"success":true}}"""
                .formatted(session, tmp, toolUseId, agentFile);
    }

    static int run(String url, Path data, String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        Ran ran = runIn(List.of(), url, data, stdin, extraEnv, args);
        // the script talks to a log file, never to the agent
        assertThat(ran.output()).isEmpty();
        return ran.exit();
    }

    record Ran(int exit, String output) {
    }

    /** The script (behind {@code prefix}, e.g. a mount namespace), its exit code and everything it printed. */
    static Ran runIn(List<String> prefix, String url, Path data, String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOOKBUS_INGEST_URL", url);
        builder.environment().put("CLAUDE_PLUGIN_DATA", data.toString());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output);
    }

    private String url() {
        return ingest.toString().replaceAll("/$", "");
    }

    private static String down() {
        return "http://127.0.0.1:" + FreePorts.next();
    }

    private long spooled() throws IOException {
        Path spool = data.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        // an event is a ready entry (or a directory spooled by an earlier version)
        try (Stream<Path> entries = Files.list(spool)) {
            return entries.filter(p -> Character.isDigit(p.getFileName().toString().charAt(0)))
                    .filter(p -> p.getFileName().toString().endsWith(".ready") || Files.isDirectory(p)).count();
        }
    }

    @Test
    void normalPathPublishesTheEventWithASnapshotOfTheFile() throws Exception {
        assertThat(run(url(), data, event("toolu_1"), Map.of("CLAUDE_PROJECT_DIR", tmp.toString()))).isZero();
        List<HookTopic.Published> published = HookTopic.forSession(session);
        assertThat(published).hasSize(1);
        HookEvent e = published.get(0).event();
        assertThat(published.get(0).key()).isEqualTo(tmp.toString());
        assertThat(e.source()).isEqualTo(HookEvent.Source.FORWARDER);
        assertThat(e.capturedAt()).isNotNull().isBefore(e.receivedAt().plusMillis(1));
        assertThat(e.idempotencyKey()).isNotBlank();
        String content = Files.readString(agentFile);
        assertThat(e.snapshot()).isEqualTo(new FileSnapshot(agentFile.toString(), content,
                FileSnapshot.sha256Hex(content.getBytes(StandardCharsets.UTF_8))));
        assertThat(spooled()).isZero();
    }

    @Test
    void detachedForwarderSpoolsAndReturnsThenItsBackgroundSendPublishesInOrder() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertThat(run(url(), data, event("toolu_d" + i), Map.of(), "--detach")).isZero();
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> HookTopic.forSession(session).size() == 3);
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).containsExactly("toolu_d1", "toolu_d2", "toolu_d3");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> spooled() == 0);
    }

    @Test
    void aBurstOfDetachedHooksIsDeliveredCompletelyThoughOnlyOneSenderRunsAtATime() throws Exception {
        List<Thread> hooks = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 20; i++) {
            String id = "toolu_burst" + i;
            Thread hook = new Thread(() -> {
                try {
                    if (run(url(), data, event(id), Map.of(), "--detach") != 0) {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
            hooks.add(hook);
            hook.start();
        }
        for (Thread hook : hooks) {
            hook.join(30_000);
        }
        assertThat(failed).hasValue(0);
        // senders that found the lock taken left at once; the one holding it picked their entries up
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> HookTopic.forSession(session).size() >= 20);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> spooled() == 0);
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).doesNotHaveDuplicates().hasSize(20);
    }

    @Test
    void ingestDownSpoolsThenReplaysEachEventOnceInOrderWithTheContentOfItsTime() throws Exception {
        String down = down();
        for (int i = 1; i <= 3; i++) {
            Files.writeString(agentFile, "---\nname: reviewer\ndescription: v" + i + "\n---\n");
            assertThat(run(down, data, event("toolu_" + i), Map.of())).isZero();
        }
        assertThat(spooled()).isEqualTo(3);
        assertThat(HookTopic.forSession(session)).isEmpty();
        assertThat(Files.readString(data.resolve("forward.log"))).contains("hook-ingest unreachable at " + down);

        Files.writeString(agentFile, "---\nname: reviewer\ndescription: v4 (after the outage)\n---\n");
        assertThat(run(url(), data, "", Map.of(), "--foreground-replay")).isZero();
        assertThat(spooled()).isZero();
        List<HookTopic.Published> published = HookTopic.forSession(session);
        assertThat(published).extracting(p -> p.event().toolUseId()).containsExactly("toolu_1", "toolu_2", "toolu_3");
        assertThat(published).extracting(p -> p.event().snapshot().content()).containsExactly(
                "---\nname: reviewer\ndescription: v1\n---\n", "---\nname: reviewer\ndescription: v2\n---\n",
                "---\nname: reviewer\ndescription: v3\n---\n");
        assertThat(published).extracting(p -> p.event().capturedAt()).isSorted();

        assertThat(run(url(), data, "", Map.of(), "--foreground-replay")).isZero();
        assertThat(HookTopic.forSession(session)).hasSize(3);
    }

    @Test
    void anEventSpooledByAnEarlierVersionIsSentAsItWasCaptured() throws Exception {
        Path entry = Files.createDirectories(data.resolve("spool/20261130101010000000001-" + UUID.randomUUID()));
        Files.writeString(entry.resolve("event.json"), event("toolu_old"));
        Files.writeString(entry.resolve("captured_at"), "2026-11-30T10:10:10.000Z\n");
        Files.writeString(entry.resolve("project_dir"), tmp + "\n");
        Files.writeString(entry.resolve("idempotency_key"), "idem-from-an-earlier-version\n");
        Files.writeString(entry.resolve("snapshot"), "---\nname: reviewer\ndescription: as it was\n---\n");
        Files.writeString(entry.resolve("snapshot_path"), agentFile + "\n");

        assertThat(run(url(), data, "", Map.of(), "--foreground-replay")).isZero();
        List<HookTopic.Published> published = HookTopic.forSession(session);
        assertThat(published).hasSize(1);
        HookEvent e = published.get(0).event();
        assertThat(e.idempotencyKey()).isEqualTo("idem-from-an-earlier-version");
        assertThat(e.capturedAt()).isEqualTo(java.time.Instant.parse("2026-11-30T10:10:10Z"));
        assertThat(e.snapshot().content()).isEqualTo("---\nname: reviewer\ndescription: as it was\n---\n");
        assertThat(spooled()).isZero();
        assertThat(entry).doesNotExist();
    }

    @Test
    void aSnapshotOverTheLimitIsLeftOutAndItsEventStillSent() throws Exception {
        Files.writeString(agentFile, "---\nname: reviewer\n---\n" + "x".repeat(1024 * 1024));
        assertThat(run(url(), data, event("toolu_big"), Map.of())).isZero();
        List<HookTopic.Published> published = HookTopic.forSession(session);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).event().snapshot()).isNull();
        assertThat(published.get(0).event().filePaths()).containsExactly(agentFile.toString());
        assertThat(Files.readString(data.resolve("forward.log"))).contains(agentFile + " is " + Files.size(agentFile)
                + " bytes, over the 1048576 byte snapshot limit: its event is sent without the file");
        assertThat(spooled()).isZero();
    }

    @Test
    void aCaptureThatHasNotFinishedIsNotSent() throws Exception {
        Path unfinished = Files.createDirectories(data.resolve("spool")).resolve("20261130101010000000002-" + UUID.randomUUID() + ".json");
        Files.writeString(unfinished, event("toolu_unfinished"));
        assertThat(run(url(), data, event("toolu_next"), Map.of())).isZero();
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).containsExactly("toolu_next");
        assertThat(unfinished).as("still being written, as far as the sender can tell").exists();
    }

    @Test
    void aFullSpoolSaysSoInOneClearLine() throws Exception {
        String down = down();
        for (int i = 1; i <= 3; i++) {
            assertThat(run(down, data, event("toolu_" + i), Map.of("HOOKBUS_SPOOL_MAX", "2"))).isZero();
        }
        assertThat(spooled()).isEqualTo(2);
        List<String> full = Files.readAllLines(data.resolve("forward.log")).stream().filter(l -> l.contains("spool full")).toList();
        assertThat(full).hasSize(1);
        assertThat(full.get(0)).contains("2 events in " + data.resolve("spool")).contains("HOOKBUS_SPOOL_MAX=2");
    }

    @Test
    void aFullDiskSendsTheEventDirectlyAndSaysSoInOneLine() throws Exception {
        // the plugin's data directory on a file system of its own (a mount namespace of the script's own), filled up
        Path full = Files.createDirectories(tmp.resolve("full"));
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.hookbus.devstack.FullDisk.available(), "a mount namespace needs root (or CAP_SYS_ADMIN)");

        Ran ran = runIn(dev.hookbus.devstack.FullDisk.prefix(full), url(), full, event("toolu_full"), Map.of("CLAUDE_PROJECT_DIR", tmp.toString()), "--detach");

        assertThat(ran.exit()).isZero();
        // the log file is on the full disk too: the one line goes to stderr, which the agent never sees on exit 0
        assertThat(ran.output().lines()).containsExactly("hookbus-forward: cannot write to " + full.resolve("spool")
                + " (disk full or read-only): this event was sent directly (204)");
        List<HookTopic.Published> published = HookTopic.forSession(session);
        assertThat(published).hasSize(1);
        HookEvent e = published.get(0).event();
        assertThat(e.toolUseId()).isEqualTo("toolu_full");
        assertThat(e.source()).isEqualTo(HookEvent.Source.FORWARDER);
        assertThat(e.idempotencyKey()).isNotBlank();
        String content = Files.readString(agentFile);
        assertThat(e.snapshot()).as("the file as it is now, sent from where it lies").isEqualTo(new FileSnapshot(agentFile.toString(), content,
                FileSnapshot.sha256Hex(content.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedSendsTheEventDirectlyAndStillExitsZero() throws Exception {
        Ran ran = runIn(List.of(), url(), Path.of("/proc/not-writable"), event("toolu_x"), Map.of());
        assertThat(ran.exit()).isZero();
        assertThat(ran.output().lines()).containsExactly("hookbus-forward: cannot create /proc/not-writable/spool: this event was sent directly (204)");
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).containsExactly("toolu_x");

        Ran down = runIn(List.of(), down(), Path.of("/proc/not-writable"), event("toolu_y"), Map.of());
        assertThat(down.exit()).isZero();
        assertThat(down.output().lines()).singleElement().asString().startsWith("hookbus-forward: cannot create /proc/not-writable/spool: sending this event "
                + "directly failed (000): the event is lost");
    }

    @Test
    void theScriptNeverExitsNonZero() throws Exception {
        assertThat(run(url(), data, "not json at all", Map.of())).isZero();
        assertThat(run(url(), data, "", Map.of())).isZero();
        // a rejected event is kept aside with the reason, not retried forever and not lost
        assertThat(Files.list(data.resolve("rejected")).count()).isEqualTo(1);
        assertThat(Files.readString(data.resolve("forward.log"))).contains("rejected an event (400)").contains("INVALID_JSON");
    }

    /** A stand-in of hook-ingest's forward endpoint that answers each request by its Idempotency-Key. */
    static final class StandIn implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        StandIn(java.util.function.Function<String, Integer> statusByKey) throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                int status = statusByKey.apply(key);
                if (status == 0) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    status = 503;
                }
                if (status == 204) {
                    accepted.add(key);
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    private List<String> spooledKeys() throws IOException {
        try (Stream<Path> entries = Files.list(data.resolve("spool"))) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".meta")).sorted().map(p -> {
                try {
                    return Files.readAllLines(p).get(2);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void aSlowOrFailingEntryNeverHoldsTheOnesBehindItAndStaysSpooled() throws Exception {
        String down = down();
        for (int i = 1; i <= 4; i++) {
            assertThat(run(down, data, event("toolu_s" + i), Map.of())).isZero();
        }
        List<String> keys = spooledKeys();
        assertThat(keys).hasSize(4);
        // the oldest never answers (longer than the per-attempt bound), the second gets a 503
        Map<String, Integer> answers = Map.of(keys.get(0), 0, keys.get(1), 503);
        try (StandIn ingestStandIn = new StandIn(key -> answers.getOrDefault(key, 204))) {
            long start = System.nanoTime();
            assertThat(run(ingestStandIn.url(), data, "", Map.of("HOOKBUS_FORWARD_TIMEOUT", "2"), "--foreground-replay")).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(ingestStandIn.accepted).containsExactly(keys.get(2), keys.get(3));
        }
        assertThat(spooledKeys()).containsExactly(keys.get(0), keys.get(1));
        assertThat(Files.readString(data.resolve("forward.log"))).contains("kept, later entries go on");

        // the real ingest takes the two that were held back
        assertThat(run(url(), data, "", Map.of(), "--foreground-replay")).isZero();
        assertThat(spooled()).isZero();
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).containsExactly("toolu_s1", "toolu_s2");
    }

    @Test
    void onlyAPermanentRefusalMovesAnEntryAsideAndAuthOrRateRefusalsKeepIt() throws Exception {
        String down = down();
        for (int i = 1; i <= 4; i++) {
            assertThat(run(down, data, event("toolu_r" + i), Map.of())).isZero();
        }
        List<String> keys = spooledKeys();
        Map<String, Integer> answers = Map.of(keys.get(0), 401, keys.get(1), 429, keys.get(2), 422, keys.get(3), 408);
        try (StandIn ingestStandIn = new StandIn(key -> answers.getOrDefault(key, 204))) {
            assertThat(run(ingestStandIn.url(), data, "", Map.of(), "--foreground-replay")).isZero();
        }
        assertThat(spooledKeys()).containsExactly(keys.get(0), keys.get(1), keys.get(3));
        try (Stream<Path> rejected = Files.list(data.resolve("rejected"))) {
            assertThat(rejected.count()).isEqualTo(1);
        }
        assertThat(Files.readString(data.resolve("forward.log"))).contains("rejected an event (422)");
    }

    @Test
    void theSessionStartReplaySurvivesTheEndOfTheHooksProcessGroup() throws Exception {
        String down = down();
        for (int i = 1; i <= 3; i++) {
            assertThat(run(down, data, event("toolu_k" + i), Map.of())).isZero();
        }
        // a hook runner that kills the hook's whole process group the moment the hook returns
        ProcessBuilder runner = new ProcessBuilder("setsid", "sh", "-c", "sh \"$0\" --replay </dev/null; kill -KILL 0", SCRIPT.toString())
                .redirectErrorStream(true);
        runner.environment().put("HOOKBUS_INGEST_URL", url());
        runner.environment().put("CLAUDE_PLUGIN_DATA", data.toString());
        Process hook = runner.start();
        hook.getOutputStream().close();
        assertThat(hook.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(hook.exitValue()).as("killed with its group").isEqualTo(137);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> HookTopic.forSession(session).size() == 3);
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).containsExactly("toolu_k1", "toolu_k2", "toolu_k3");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spooled() == 0);
    }
}
