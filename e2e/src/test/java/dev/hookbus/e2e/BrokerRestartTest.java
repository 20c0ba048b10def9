package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service through broker faults: the broker SIGKILLed and restarted on its port, then stalled (SIGSTOP) for
 * 20 s, each under a stream of events. The same processes serve before and after (nothing but the broker is
 * restarted): hook-ingest takes events again, airtable-sync reaches the exact state, tilt-orchestrator starts and
 * finishes runs, the validator reconciles to zero drift.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerRestartTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int AGENTS = 30;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;

    static KafkaBrokerProcess broker;
    static AirtableEmulatorProcess emulator;
    static List<ServiceProcess> services = new ArrayList<>();
    static ServiceProcess ingest;
    static ServiceProcess sync;
    static ServiceProcess tilt;
    static ServiceProcess validator;
    static Path marketplace;
    static Path backend;
    static int version;

    @BeforeAll
    static void startStack() throws Exception {
        broker = new KafkaBrokerProcess(tmp.resolve("kafka")).start();
        String kafka = broker.bootstrapServers();
        emulator = new AirtableEmulatorProcess(tmp.resolve("emulator"), Duration.ofSeconds(30)).start();
        Path workspace = Files.createDirectories(tmp.resolve("work"));
        marketplace = Files.createDirectories(workspace.resolve("faultmkt"));
        backend = Files.createDirectories(tmp.resolve("backend"));
        Path tiltBinary = RustPipeline.install(tmp.resolve("tilt"), "backend", backend, "{\"duration\":0.2,\"lines\":[\"Finished dev profile\"]}");
        Path logs = tmp.resolve("logs");
        ingest = service(new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), Map.of("kafka.bootstrap.servers", kafka), logs));
        sync = service(new ServiceProcess("airtable-sync", Packaged.service("airtable-sync"), Map.of("kafka.bootstrap.servers", kafka,
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN), logs));
        tilt = service(new ServiceProcess("tilt-orchestrator", Packaged.service("tilt-orchestrator"), Map.of("kafka.bootstrap.servers", kafka,
                "tilt.pipelines-dir", RustPipeline.pipelinesDir(tmp.resolve("tilt")).toString(), "tilt.binary", tiltBinary.toString()), logs));
        validator = service(new ServiceProcess("validator", Packaged.service("validator"), Map.of("kafka.bootstrap.servers", kafka,
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN, "validator.roots", workspace.toString(),
                "validator.schedule.every", "24h"), logs));
    }

    static ServiceProcess service(ServiceProcess process) {
        services.add(process.start(Duration.ofSeconds(120)));
        return process;
    }

    @AfterAll
    static void stopStack() {
        for (AutoCloseable part : new AutoCloseable[] {validator, tilt, sync, ingest, emulator, broker}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // the other parts still stop
                }
            }
        }
    }

    /** One version of every agent, and a backend change, as Claude Code's http hook posts them (retried while refused). */
    static void stream() throws Exception {
        version++;
        for (int i = 0; i < AGENTS; i++) {
            Path agent = marketplace.resolve("plugins/p" + (i % 3) + "/agents/a" + i + ".md");
            write(agent, "---\nname: a" + i + "\ndescription: a" + i + " v" + version + "\n---\n");
        }
        write(backend.resolve("src/main.rs"), "fn main() { /* v" + version + " */ }\n");
    }

    static void write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        ObjectNode event = JSON.createObjectNode().put("session_id", "faults").put("cwd", file.getParent().toString())
                .put("hook_event_name", "PostToolUse").put("tool_name", "Write").put("tool_use_id", "toolu_" + UUID.randomUUID());
        event.putObject("tool_input").put("file_path", file.toString()).put("content", content);
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/hooks/claude-code")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(event.toString())).build();
        // a 503 means "not published, retry": the client's retry, as the forwarder's spool does it
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204);
    }

    static Map<String, String> agents() throws IOException {
        JsonNode records = JSON.readTree(emulator.admin("GET", "bases/" + AirtableEmulatorProcess.BASE_ID + "/tables/Agents/records", null))
                .path("records");
        Map<String, String> out = new TreeMap<>();
        records.forEach(r -> out.merge(r.path("fields").path("Sync Key").asText(), r.path("fields").path("Purpose").asText(), (a, b) -> "DUPLICATE"));
        return out;
    }

    static Map<String, String> expected() {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < AGENTS; i++) {
            out.put("faultmkt/p" + (i % 3) + "/agents/a" + i, "a" + i + " v" + version);
        }
        return out;
    }

    static JsonNode latestRun() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tilt.baseUrl() + "/api/runs/latest?project="
                + URLEncoder.encode(backend.toString(), StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    static void assertEveryServiceServes(String after) throws Exception {
        for (ServiceProcess s : services) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(s::isReady);
            assertThat(s.isAlive()).as(s.name() + " is the process started before the fault").isTrue();
        }
        String runBefore = latestRun().path("runId").asText("");
        long back = System.nanoTime();
        stream();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> agents().equals(expected()));
        System.out.printf("%s: exact state %.1f s after the services were ready again%n", after, (System.nanoTime() - back) / 1e9);
        // tilt-orchestrator saw the backend change and ran its pipeline to a verdict
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode run = latestRun();
            return !run.path("runId").asText("").equals(runBefore) && run.path("status").asText().equals("SUCCESS");
        });
        // the validator reconciles disk and Airtable: nothing drifted
        HttpResponse<String> report = HTTP.send(HttpRequest.newBuilder(URI.create(validator.baseUrl() + "/api/reconcile")).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(JSON.readTree(report.body()).path("drift").asInt()).as(report.body()).isZero();
    }

    @Test
    @Order(1)
    void beforeAnyFaultEveryServiceServes() throws Exception {
        assertEveryServiceServes("no fault");
    }

    @Test
    @Order(2)
    void aBrokerKilledAndRestartedOnItsPortIsFollowedByEveryServiceWithoutARestart() throws Exception {
        stream();
        broker.kill();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !ingest.isReady());
        // longer than a record may wait unacknowledged by default (60 s)
        Awaitility.await().pollDelay(Duration.ofSeconds(65)).atMost(Duration.ofSeconds(66)).until(() -> true);
        broker.start();
        assertEveryServiceServes("broker SIGKILL, 65 s down");
    }

    @Test
    @Order(3)
    void aBrokerStalledFor20SecondsIsWaitedOutByEveryService() throws Exception {
        stream();
        broker.pause();
        try {
            Awaitility.await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
        } finally {
            broker.resume();
        }
        assertEveryServiceServes("broker SIGSTOP for 20 s");
        assertThat(services.stream().map(ServiceProcess::name).collect(Collectors.toList()))
                .containsExactly("hook-ingest", "airtable-sync", "tilt-orchestrator", "validator");
    }
}
