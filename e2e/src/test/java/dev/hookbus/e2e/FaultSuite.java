package dev.hookbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.FullDisk;
import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.ServiceProcess;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.events.Topic;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The promises under faults: a stream of file writes, each posted to the packaged hook-ingest the way the plugin's
 * forwarder posts it (multipart, its captured time and idempotency key, retried the way the forwarder retries), into two
 * airtable-sync replicas and the emulator, with tilt-orchestrator and the validator running beside them, and one fault
 * injected mid-stream. After each fault the emulator must hold exactly what the events say (the newest description per
 * component, computed from the events alone), one record per component, a sync result for every accepted event,
 * nothing in the dead-letter topics, and the validator must find no drift between the files and the base; the time
 * from the fault's end to that exact state is the recovery time. Only the process a fault kills is restarted.
 * {@code bin/bench faults} runs every fault; the smoke test a few.
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
    record Outcome(String fault, int events, int accepted, int lost, int duplicates, int deadLetters, int drift, double recoverySeconds, String problem) {
        boolean passed() {
            return problem == null && lost == 0 && duplicates == 0 && deadLetters == 0 && drift == 0 && accepted == events;
        }
    }

    final Path work;
    /** Every run's marketplace, on disk as Claude Code leaves it: the validator's root. */
    final Path workspace;
    /** The Rust project of tilt-orchestrator's pipeline. */
    final Path backend;
    final KafkaBrokerProcess kafka;
    final AirtableEmulatorProcess emulator;
    ServiceProcess ingest;
    final List<ServiceProcess> syncs = new ArrayList<>();
    final ServiceProcess tilt;
    final ServiceProcess validator;
    private final Path tiltState;
    /** The run in progress: its marketplace, and what the emulator must hold after it (the fault may add to it). */
    private String marketplace;
    private final Map<String, String> expected = new ConcurrentHashMap<>();
    private final AtomicInteger faultEvents = new AtomicInteger();
    private final AtomicInteger faultAccepted = new AtomicInteger();
    private final List<Callable<String>> verdicts = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final ForwardedWrite forwarded = new ForwardedWrite(http, () -> ingest.baseUrl(), TOKEN);
    private final Consumer<String> say;
    private int runs;

    FaultSuite(Path work, Consumer<String> say) throws IOException {
        this.work = work;
        this.say = say;
        this.workspace = Files.createDirectories(work.resolve("ws"));
        this.backend = Files.createDirectories(work.resolve("backend"));
        this.kafka = new KafkaBrokerProcess(work.resolve("kafka")).start();
        this.emulator = new AirtableEmulatorProcess(work.resolve("emulator"), Duration.ofSeconds(2)).start();
        Path logs = work.resolve("logs");
        this.ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), Packaged.jvmOptions("hook-ingest"),
                Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "hookbus.http.tokens", TOKEN), logs);
        syncs.add(sync("airtable-sync-1"));
        syncs.add(sync("airtable-sync-2"));
        // each build of the pipeline's one step takes 6 s, so that a kill lands mid-run
        Path tiltBinary = RustPipeline.install(work.resolve("tilt"), "backend", backend, "{\"duration\":6,\"lines\":[\"Finished dev profile\"]}");
        this.tiltState = work.resolve("tilt/tilt-state/state.json");
        this.tilt = new ServiceProcess("tilt-orchestrator", Packaged.service("tilt-orchestrator"), Packaged.jvmOptions("tilt-orchestrator"), Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "tilt.pipelines-dir", RustPipeline.pipelinesDir(work.resolve("tilt")).toString(), "tilt.binary", tiltBinary.toString(),
                "quarkus.log.category.\"org.apache.kafka\".level", "ERROR"), logs);
        this.validator = new ServiceProcess("validator", Packaged.service("validator"), Packaged.jvmOptions("validator"), Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN, "validator.roots", workspace.toString(),
                "validator.schedule.every", "24h", "validator.sync-url", syncs.get(0).baseUrl() + "," + syncs.get(1).baseUrl(),
                "quarkus.log.category.\"org.apache.kafka\".level", "ERROR"), logs);
        // started side by side: each waits for its own readiness
        List<ServiceProcess> all = new ArrayList<>(List.of(ingest, syncs.get(0), syncs.get(1), tilt, validator));
        CompletableFuture.allOf(all.stream().map(service -> CompletableFuture.runAsync(() -> service.start(Duration.ofSeconds(180))))
                .toArray(CompletableFuture[]::new)).join();
    }

    ServiceProcess sync(String name) {
        return new ServiceProcess(name, Packaged.service("airtable-sync"), Packaged.jvmOptions("airtable-sync"), Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
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
                new Fault("SIGKILL validator mid-pass", stack -> {
                    // a pass that repairs what it finds: the base lags the files while the stream runs, so it has work
                    CompletableFuture<HttpResponse<String>> killedPass = stack.validatorPass(true);
                    holdFault(Duration.ofSeconds(1));
                    if (killedPass.isDone()) {
                        throw new IllegalStateException("the validator's pass ended within 1 s, before the kill: " + killedPass.get().body());
                    }
                    stack.validator.kill();
                    stack.validator.start(Duration.ofSeconds(120));
                    Instant restarted = Instant.now();
                    // the restarted validator's own repairing pass, while the stream still runs
                    HttpResponse<String> pass = stack.validatorPass(true).get(3, TimeUnit.MINUTES);
                    if (pass.statusCode() != 200) {
                        throw new IllegalStateException("the restarted validator's pass answered " + pass.statusCode() + " " + pass.body());
                    }
                    return restarted;
                }),
                new Fault("SIGKILL tilt-orchestrator mid-run", stack -> {
                    int triggered = stack.tiltTriggers();
                    Path main = stack.backend.resolve("src/main.rs");
                    String eventId = stack.writeAndSend(main, "fn main() { /* " + UUID.randomUUID() + " */ }\n", stack.backend, "tilt-" + UUID.randomUUID(), Instant.now());
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> stack.tiltTriggers() > triggered);
                    stack.tilt.kill();
                    if (!stack.finishedRuns(eventId).isEmpty()) {
                        throw new IllegalStateException("the run had its verdict before the kill");
                    }
                    stack.tilt.start(Duration.ofSeconds(120));
                    Instant restarted = Instant.now();
                    // the change was not acknowledged (its run had no verdict): the restarted service runs it again
                    stack.verdict(() -> {
                        try {
                            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                                    .until(() -> stack.finishedRuns(eventId).stream().anyMatch(r -> TiltRunEvent.SUCCESS_LINE.equals(r.verdict())));
                            return null;
                        } catch (ConditionTimeoutException e) {
                            return "the change whose run was killed has no SUCCESS verdict 2 minutes after the restart: " + stack.finishedRuns(eventId);
                        }
                    });
                    return restarted;
                }),
                new Fault("forwarder spool disk full", stack -> {
                    // the real forwarder, its data directory on a full file system: each event is sent directly
                    for (int k = 0; k < 20; k++) {
                        stack.forwardWithFullSpoolDisk(k);
                    }
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
        marketplace = "faults" + (++runs);
        expected.clear();
        faultEvents.set(0);
        faultAccepted.set(0);
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
            Path agent = workspace.resolve(marketplace + "/plugins/p/agents/a" + component + ".md");
            String eventId = writeAndSend(agent, "---\nname: a" + component + "\ndescription: " + description + "\n---\n", workspace.resolve(marketplace),
                    marketplace + "-" + i, null);
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
        for (Callable<String> verdict : verdicts) {
            String failed = verdict.call();
            if (failed != null && problem == null) {
                problem = failed;
            }
        }
        verdicts.clear();
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
        Drift drift = validatorDrift();
        if (drift.problem() != null && problem == null) {
            problem = drift.problem();
        }
        double recovery = exactAt == null ? Double.NaN : Math.max(0, Duration.between(faultEnd, exactAt).toMillis() / 1000.0);
        Outcome outcome = new Outcome(fault.name(), events + faultEvents.get(), accepted + faultAccepted.get(), lost, duplicates, deadLetters,
                drift.count(), recovery, problem);
        say.accept(row(outcome));
        return outcome;
    }

    /** The file written and its hook posted as the forwarder posts it; the event id hook-ingest gave it, or null. */
    String writeAndSend(Path file, String content, Path projectDir, String idempotencyKey, Instant captured) throws Exception {
        ForwardedWrite.Accepted accepted = forwarded.send(file, content, projectDir, "fault-" + marketplace, idempotencyKey, captured);
        return accepted == null ? null : accepted.eventId();
    }

    /**
     * Component {@code f<k>} of the run's marketplace written and handed to the real forwarder script whose data
     * directory is a file system of its own, full (a mount namespace of the script's own): it must send the event
     * directly, say so in one line and exit 0.
     */
    void forwardWithFullSpoolDisk(int k) throws Exception {
        Path agent = workspace.resolve(marketplace + "/plugins/p/agents/f" + k + ".md");
        String description = "sent directly " + k;
        String content = "---\nname: f" + k + "\ndescription: " + description + "\n---\n";
        Files.createDirectories(agent.getParent());
        Files.writeString(agent, content);
        String event = ForwardedWrite.hook(agent, content, workspace.resolve(marketplace), "fault-" + marketplace, "toolu_full_" + k);
        Path data = Files.createDirectories(work.resolve("forwarder-data"));
        List<String> command = new ArrayList<>(FullDisk.prefix(data));
        command.addAll(List.of("sh", Packaged.checkout().resolve("claude-plugin/scripts/hookbus-forward").toString(), "--detach"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOOKBUS_INGEST_URL", ingest.baseUrl(), "HOOKBUS_INGEST_TOKEN", TOKEN, "CLAUDE_PLUGIN_DATA", data.toString(),
                "CLAUDE_PROJECT_DIR", workspace.resolve(marketplace).toString()));
        faultEvents.incrementAndGet();
        Process script = builder.start();
        script.getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!script.waitFor(30, TimeUnit.SECONDS) || script.exitValue() != 0) {
            throw new IllegalStateException("the forwarder on a full disk did not exit 0 within 30 s: " + output);
        }
        List<String> lines = output.lines().toList();
        if (lines.size() != 1 || !lines.get(0).endsWith("this event was sent directly (204)")) {
            throw new IllegalStateException("the forwarder on a full disk said " + lines + ", not one line that it sent the event directly");
        }
        faultAccepted.incrementAndGet();
        expected.put(marketplace + "/p/agents/f" + k, description);
    }

    /** What a validator pass reported: its drift (-1 when the pass failed) and, unless it is 0, what is wrong. */
    record Drift(int count, String problem) {
    }

    /** A pass over every file of the workspace: once the base is exact it must find no drift (it tells the truth). */
    Drift validatorDrift() throws Exception {
        HttpResponse<String> pass = validatorPass(false).get(3, TimeUnit.MINUTES);
        if (pass.statusCode() != 200) {
            return new Drift(-1, "the validator's pass answered " + pass.statusCode() + " " + pass.body());
        }
        JsonNode report = JSON.readTree(pass.body());
        int drift = report.path("drift").asInt();
        if (drift == 0) {
            return new Drift(0, null);
        }
        List<String> drifted = new ArrayList<>();
        report.path("findings").forEach(f -> {
            if (f.path("drift").asBoolean() && drifted.size() < 5) {
                drifted.add(f.path("syncKey").asText() + " " + f.path("state").asText());
            }
        });
        return new Drift(drift, "the validator reports drift: " + drifted);
    }

    /** A validator pass over the workspace ({@code autoSync}: it publishes the repairs it plans). */
    CompletableFuture<HttpResponse<String>> validatorPass(boolean autoSync) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(validator.baseUrl() + "/api/reconcile?autoSync=" + autoSync)).timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Builds the fake tilt has been asked for so far. */
    int tiltTriggers() throws IOException {
        return Files.exists(tiltState) ? JSON.readTree(tiltState.toFile()).path("triggers").size() : 0;
    }

    /** The verdicts of the runs a hook event triggered. */
    List<TiltRunEvent> finishedRuns(String eventId) {
        return TopicRecords.readAll(kafka.bootstrapServers(), Topic.TILT_RUNS.topicName()).stream().map(r -> EventJson.read(r.value(), TiltRunEvent.class))
                .filter(e -> e.type() == TiltRunEvent.Type.RUN_FINISHED && ("hook:" + eventId).equals(e.trigger())).toList();
    }

    /** The marketplace the next writes go to (a soak's, outside any run). */
    void useMarketplace(String name) {
        marketplace = name;
    }

    /** A check the fault leaves for after the run (null: passed; otherwise what went wrong). */
    void verdict(Callable<String> check) {
        verdicts.add(check);
    }

    /**
     * Names and descriptions crafted for formula, shell, HTML and log injection, written and sent like any change: the
     * base must hold them verbatim (one record each), no shell must have run them, the emulator's page and the
     * validator's status page must show them escaped, and no log line of any service may start with the forged text.
     * A row of the table of its own.
     */
    Outcome craftedText(Duration settle) throws Exception {
        marketplace = "crafted" + (++runs);
        expected.clear();
        Path canary = work.resolve("canary-" + UUID.randomUUID());
        Map<String, String> crafted = new LinkedHashMap<>();
        crafted.put("formula", "=HYPERLINK(\"http://example.invalid\",\"click\") & '\"), OR(TRUE(), \"");
        crafted.put("shell", "$(touch " + canary + ") `touch " + canary + "`; touch " + canary + " #");
        crafted.put("html", "<script>alert('hookbus')</script><img src=x onerror=alert(1)>");
        crafted.put("log", "first line\nFORGED 2026-12-01 00:00:00,000 ERROR [dev.hookbus] token=leaked");
        // (a file name holds no slash: "</b>" would be a directory)
        crafted.put("x<b>bold'\"),OR(1", "a file name crafted for HTML and formulas");
        crafted.put("n\nFORGED-NAME ERROR [dev.hookbus] forged", "a file name with a line break");
        Instant sent = Instant.now();
        int accepted = 0;
        Set<String> acceptedIds = new HashSet<>();
        int i = 0;
        for (Map.Entry<String, String> component : crafted.entrySet()) {
            String name = component.getKey();
            Path agent = workspace.resolve(marketplace + "/plugins/p/agents/" + name + ".md");
            // JSON strings are YAML double-quoted scalars: the text arrives as it is, line breaks included
            String content = "---\nname: " + JSON.writeValueAsString(name) + "\ndescription: " + JSON.writeValueAsString(component.getValue()) + "\n---\n";
            String eventId = writeAndSend(agent, content, workspace.resolve(marketplace), marketplace + "-" + (i++), null);
            if (eventId != null) {
                accepted++;
                acceptedIds.add(eventId);
                expected.put(marketplace + "/p/agents/" + name, component.getValue());
            }
        }
        Instant exactAt = awaitExact(marketplace, expected, Instant.now().plus(settle));
        String problem = exactAt == null ? "not stored verbatim within " + settle.toSeconds() + " s: " + records(marketplace) : null;
        Map<String, List<String>> records = records(marketplace);
        int lost = (int) expected.entrySet().stream().filter(e -> !records.getOrDefault(e.getKey(), List.of()).contains(e.getValue())).count();
        int duplicates = records.values().stream().mapToInt(r -> r.size() - 1).sum();
        if (problem == null && Files.exists(canary)) {
            problem = "a shell ran a description: " + canary + " exists";
        }
        String emulatorPage = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        if (problem == null && (emulatorPage.contains("<script>alert") || emulatorPage.contains("<b>bold")
                || !emulatorPage.contains("&lt;script&gt;alert(") || !emulatorPage.contains("x&lt;b&gt;bold"))) {
            problem = "the emulator's page does not show the crafted text escaped";
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create(validator.baseUrl() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString()).body().contains("x&lt;b&gt;bold"));
        } catch (ConditionTimeoutException e) {
            if (problem == null) {
                problem = "the validator's status page does not show the crafted name escaped among its sync results";
            }
        }
        String statusPage = http.send(HttpRequest.newBuilder(URI.create(validator.baseUrl() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        if (problem == null && statusPage.contains("<b>bold")) {
            problem = "the validator's status page shows a crafted name as HTML";
        }
        Set<String> answered = new HashSet<>(answeredEvents());
        if (problem == null && !answered.containsAll(acceptedIds)) {
            problem = "accepted crafted events have no sync result";
        }
        Drift drift = validatorDrift();
        if (drift.problem() != null && problem == null) {
            problem = drift.problem();
        }
        try (var logs = Files.list(work.resolve("logs"))) {
            for (Path log : logs.toList()) {
                List<String> forged = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("FORGED")).toList();
                if (!forged.isEmpty() && problem == null) {
                    problem = "a log line was forged in " + log.getFileName() + ": " + forged.get(0);
                }
            }
        }
        double seconds = exactAt == null ? Double.NaN : Duration.between(sent, exactAt).toMillis() / 1000.0;
        Outcome outcome = new Outcome("crafted injection text", crafted.size(), accepted, lost, duplicates, deadLetters(marketplace),
                drift.count(), seconds, problem);
        say.accept(row(outcome));
        return outcome;
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
        return String.format("%-34s %7s %9s %5s %11s %4s %6s %11s", "fault", "events", "accepted", "lost", "duplicates", "DLQ", "drift", "recovery s");
    }

    static String row(Outcome o) {
        return String.format("%-34s %7d %9d %5d %11d %4d %6d %11s%s", o.fault(), o.events(), o.accepted(), o.lost(), o.duplicates(), o.deadLetters(), o.drift(),
                Double.isNaN(o.recoverySeconds()) ? "-" : String.format("%.1f", o.recoverySeconds()),
                o.passed() ? "" : "   FAILED" + (o.problem() == null ? "" : ": " + o.problem()));
    }

    @Override
    public void close() {
        for (ServiceProcess service : List.of(ingest, tilt, validator)) {
            service.stop();
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
            if (only.isEmpty() || only.stream().anyMatch(name -> "crafted".contains(name.strip()))) {
                Outcome crafted = suite.craftedText(Duration.ofMinutes(2));
                outcomes.add(crafted);
                System.out.println(row(crafted));
            }
        }
        long passed = outcomes.stream().filter(Outcome::passed).count();
        System.out.println("faults: " + passed + " passed, " + (outcomes.size() - passed) + " failed");
        System.exit(passed == outcomes.size() ? 0 : 1);
    }
}
