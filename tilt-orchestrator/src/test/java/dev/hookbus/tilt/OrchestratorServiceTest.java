package dev.hookbus.tilt;

import static dev.hookbus.tilt.support.CitadelScenarios.allGreen;
import static dev.hookbus.tilt.support.CitadelScenarios.server;
import static dev.hookbus.tilt.support.FakeTilt.build;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.events.Topic;
import dev.hookbus.tilt.support.FakeTilt;
import dev.hookbus.tilt.support.FakeTiltResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service: hook events and ops commands through the real broker, verdicts on the tilt-runs topic, REST, Stop hook. */
@QuarkusTest
@WithKafkaBroker
@QuarkusTestResource(FakeTiltResource.class)
class OrchestratorServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeTilt tilt = FakeTiltResource.tilt();
    private final Path workspace = FakeTiltResource.workspace();
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        // nothing from an earlier test may still be running
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/runs/latest?pipeline=citadel").statusCode() == 404
                || given().get("/api/runs/latest?pipeline=citadel").jsonPath().getInt("exitCode") >= 0);
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    void sendChange(String... relativePaths) throws Exception {
        List<String> paths = java.util.Arrays.stream(relativePaths).map(p -> workspace.resolve(p).toString()).toList();
        HookEvent event = new HookEvent(HookEvent.SCHEMA_VERSION, EventIds.random(), Instant.now(), Instant.now(), HookEvent.Source.FORWARDER,
                workspace.toString(), "PostToolUse", "Edit", "session-1", "toolu_" + EventIds.random(), paths, null, null, null);
        producer.send(new ProducerRecord<>(Topic.HOOK_EVENTS.topicName(), workspace.toString(), EventJson.toBytes(event))).get(10, TimeUnit.SECONDS);
    }

    List<TiltRunEvent> runEvents(String runId) {
        return TopicRecords.readAll(bootstrap(), Topic.TILT_RUNS.topicName()).stream().map(r -> read(r.value()))
                .filter(e -> runId == null || runId.equals(e.runId())).toList();
    }

    static TiltRunEvent read(byte[] value) {
        return EventJson.read(value, TiltRunEvent.class);
    }

    JsonNode latestFinished(String since) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Response r = given().get("/api/runs/latest?project=" + workspace);
            return r.statusCode() == 200 && !r.jsonPath().getString("runId").equals(since) && r.jsonPath().get("exitCode") != null;
        });
        return json(given().get("/api/runs/latest?project=" + workspace).asString());
    }

    String latestRunId() {
        Response r = given().get("/api/runs/latest?project=" + workspace);
        return r.statusCode() == 200 ? r.jsonPath().getString("runId") : "";
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aServerKernelChangeRebuildsServerThenUiAndPublishesTheVerdict() throws Exception {
        tilt.scenario(allGreen());
        String before = latestRunId();

        sendChange("citadel-workspace-server-kernel/src/kernel.rs");

        JsonNode run = latestFinished(before);
        assertThat(run.path("verdict").asText()).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(run.path("steps").findValuesAsText("resource")).containsExactly("server", "ui");
        assertThat(run.path("steps").findValuesAsText("status")).containsExactly("SUCCESS", "SUCCESS");
        String runId = run.path("runId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> runEvents(runId).stream().anyMatch(e -> e.type() == TiltRunEvent.Type.RUN_FINISHED));
        List<TiltRunEvent> events = runEvents(runId);
        assertThat(events).extracting(TiltRunEvent::type).containsExactly(TiltRunEvent.Type.RUN_QUEUED, TiltRunEvent.Type.RUN_STARTED,
                TiltRunEvent.Type.STEP_STARTED, TiltRunEvent.Type.STEP_FINISHED, TiltRunEvent.Type.STEP_STARTED, TiltRunEvent.Type.STEP_FINISHED,
                TiltRunEvent.Type.RUN_FINISHED);
        TiltRunEvent finished = events.get(events.size() - 1);
        assertThat(finished.status()).isEqualTo(TiltRunEvent.Status.SUCCESS);
        assertThat(finished.verdict()).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(events.get(3).stepNumber()).isEqualTo(2);
        assertThat(events.get(3).buildSpanId()).startsWith("build:");
        assertThat(tilt.triggeredResources()).containsExactly("server", "ui");
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("hookbus_tilt_runs_total{pipeline=\"citadel\",status=\"success\"}")
                .contains("hookbus_tilt_step_seconds_count{outcome=\"success\",pipeline=\"citadel\",resource=\"server\"}");
    }

    @Test
    void uiOnlyAndDocChangesNeedNoRun() throws Exception {
        tilt.scenario(allGreen());
        String before = latestRunId();

        sendChange("citadel-workspaces/src/App.tsx", "README.md", "citadel-workspace-server-kernel/Cargo.lock");
        // a change that does need a run, sent after: the first run seen must be this one's alone
        sendChange("citadel-internal-service/src/lib.rs");

        JsonNode run = latestFinished(before);
        assertThat(run.path("steps").findValuesAsText("resource")).containsExactly("sync-wasm-client", "internal-service", "ui");
        assertThat(run.path("changedPaths").asInt()).isEqualTo(1);
    }

    @Test
    void twentyChangesDuringARunCoalesceIntoExactlyOneFollowUp() throws Exception {
        tilt.scenario(allGreen().resource("server", server().builds(dev.hookbus.tilt.support.CitadelScenarios.serverOk().duration(2.5))));
        String before = latestRunId();

        sendChange("citadel-workspace-server-kernel/src/a.rs");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Response r = given().get("/api/runs/latest?project=" + workspace);
            return r.statusCode() == 200 && !r.jsonPath().getString("runId").equals(before) && r.jsonPath().getString("status").equals("RUNNING");
        });
        String first = latestRunId();
        for (int i = 0; i < 20; i++) {
            sendChange("citadel-workspace-server-kernel/src/change" + i + ".rs");
        }

        JsonNode followUp = latestFinished(first);
        assertThat(followUp.path("changedPaths").asInt()).isEqualTo(20);
        assertThat(followUp.path("verdict").asText()).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(given().get("/api/runs/" + first).jsonPath().getString("verdict")).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        // exactly two runs started since: the first and one follow-up, and nothing is queued after them
        String followUpId = followUp.path("runId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> runEvents(followUpId).stream().anyMatch(e -> e.type() == TiltRunEvent.Type.RUN_FINISHED));
        List<String> startedSince = runEvents(null).stream().filter(e -> e.type() == TiltRunEvent.Type.RUN_STARTED)
                .map(TiltRunEvent::runId).dropWhile(id -> !id.equals(first)).toList();
        assertThat(startedSince).containsExactly(first, followUpId);
        assertThat(latestRunId()).isEqualTo(followUpId);
        assertThat(tilt.triggeredResources()).containsExactly("server", "ui", "server", "ui");
    }

    @Test
    void opsCommandStartsARunAndTheStopHookBlocksOnlyOnError() throws Exception {
        tilt.scenario(allGreen().resource("server", server().builds(build().duration(0.3).fails("exit status 101")
                .lines("error[E0599]: no method named `conect` found"))));
        String before = latestRunId();
        OpsCommandEvent command = new OpsCommandEvent(OpsCommandEvent.SCHEMA_VERSION, EventIds.random(), OpsCommandEvent.TILT_ORCHESTRATOR,
                "tilt.run", Map.of("pipeline", "citadel", "steps", "server,ui"), Instant.now(), "test");
        producer.send(new ProducerRecord<>(Topic.OPS.topicName(), command.target(), EventJson.toBytes(command))).get(10, TimeUnit.SECONDS);

        // the Stop hook waits for the running run and blocks with the ERROR line and the log
        await().atMost(Duration.ofSeconds(20)).until(() -> !latestRunId().equals(before));
        String stopInput = "{\"session_id\":\"s1\",\"cwd\":\"" + workspace + "\",\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}";
        HookScript.Result blocked = HookScript.run("hookbus-stop", stopInput, baseUrl());
        JsonNode answer = json(blocked.stdout());
        assertThat(answer.path("decision").asText()).isEqualTo("block");
        assertThat(answer.path("reason").asText()).startsWith("ERROR: The sync and deploy process failed at Step 2 (server): build error: exit status 101 — see ")
                .contains("/logs/sync-error-");
        assertThat(blocked.exit()).isZero();

        HookScript.Result active = HookScript.run("hookbus-stop", stopInput.replace("\"stop_hook_active\":false", "\"stop_hook_active\":true"), baseUrl());
        assertThat(active.stdout()).isEmpty();

        tilt.scenario(allGreen());
        HookScript.Result sync = HookScript.run("hookbus-sync", "", baseUrl(), "citadel", "server");
        assertThat(sync.stdout().strip()).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(sync.exit()).isZero();
        assertThat(HookScript.run("hookbus-stop", stopInput, baseUrl()).stdout()).isEmpty();
    }

    @Test
    void cancelStopsTheRunningRun() throws Exception {
        tilt.scenario(allGreen().resource("server", server().builds(build().hangs())));
        String runId = given().contentType("application/json").body("{\"pipeline\":\"citadel\",\"steps\":[\"server\"]}").post("/api/runs")
                .then().statusCode(202).extract().path("runId");
        await().atMost(Duration.ofSeconds(20)).until(() -> tilt.triggeredResources().contains("server"));
        OpsCommandEvent cancel = new OpsCommandEvent(OpsCommandEvent.SCHEMA_VERSION, EventIds.random(), OpsCommandEvent.TILT_ORCHESTRATOR,
                "tilt.cancel", Map.of("pipeline", "citadel"), Instant.now(), "test");
        producer.send(new ProducerRecord<>(Topic.OPS.topicName(), cancel.target(), EventJson.toBytes(cancel))).get(10, TimeUnit.SECONDS);

        JsonNode run = json(given().get("/api/runs/" + runId + "?wait=20").asString());
        assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(run.path("verdict").asText()).isEqualTo("ERROR: The sync and deploy process failed at Step 2 (server): cancelled");
    }

    @Test
    void restRefusesBadRequestsWithOneJsonErrorBody() {
        given().contentType("application/json").body("{\"pipeline\":\"nope\"}").post("/api/runs").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_PIPELINE"));
        given().contentType("application/json").body("{\"pipeline\":\"citadel\",\"steps\":[\"db\"]}").post("/api/runs").then().statusCode(400)
                .body("code", equalTo("UNKNOWN_STEP"));
        given().contentType("application/json").body("{\"pipeline\":").post("/api/runs").then().statusCode(400)
                .body("code", equalTo("INVALID_JSON"));
        given().get("/api/runs/00000000-0000-0000-0000-000000000000").then().statusCode(404).body("code", equalTo("UNKNOWN_RUN"));
        given().get("/api/runs/latest").then().statusCode(400).body("code", equalTo("MISSING_PROJECT"));
        given().get("/api/runs/latest?project=/nowhere/else").then().statusCode(404).body("code", equalTo("NO_RUN"));
        given().contentType("application/json").body("[1]").post("/api/hooks/stop").then().statusCode(400).body("code", equalTo("NOT_AN_OBJECT"));
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /** Runs a plugin script as Claude Code would: input on stdin, the orchestrator's URL in the environment. */
    static final class HookScript {
        record Result(int exit, String stdout) {
        }

        static Result run(String script, String stdin, String url, String... args) throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of(Path.of("../claude-plugin/scripts", script).toAbsolutePath().toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("HOOKBUS_TILT_URL", url);
            pb.environment().put("HOOKBUS_STOP_WAIT_SECONDS", "30");
            pb.environment().remove("CLAUDE_PROJECT_DIR");
            Process p = pb.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), out.strip());
        }
    }
}
