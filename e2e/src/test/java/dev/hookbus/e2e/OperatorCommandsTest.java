package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.Topic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/hookbus ops} and {@code bin/hookbus demo} against a stack started by {@code bin/hookbus up ROOT}. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Map<String, String> env = new HashMap<>();
    static String kafka;
    static int emulatorPort;

    @BeforeAll
    static void up() throws Exception {
        Path agent = tmp.resolve("roots/usermkt/plugins/mine/agents/keep.md");
        Files.createDirectories(agent.getParent());
        Files.writeString(agent, "---\nname: keep\ndescription: the user's own agent\n---\n");
        env.putAll(Checkout.stackOnFreePorts(tmp.resolve("state")));
        // a fake Tilt behind a one-step pipeline: runs, steps and their metrics happen for real
        Path backend = Files.createDirectories(tmp.resolve("backend"));
        env.put("TILT_BIN", RustPipeline.install(tmp.resolve("tilt"), "backend", backend, "{\"duration\":0.2,\"lines\":[\"Finished\"]}").toString());
        env.put("HOOKBUS_PIPELINES", RustPipeline.pipelinesDir(tmp.resolve("tilt")).toString());
        kafka = "127.0.0.1:" + env.get("HOOKBUS_KAFKA_PORT");
        emulatorPort = Integer.parseInt(env.get("HOOKBUS_EMULATOR_PORT"));
        Checkout.Run up = run("bin/hookbus", "up", tmp.resolve("roots").toString());
        assertThat(up.exit()).as(up.out()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        run("bin/hookbus", "down");
    }

    @Test
    @Order(1)
    void listShowsEveryCommandWithItsArguments() throws Exception {
        Checkout.Run list = run("bin/hookbus", "ops", "--list");
        assertThat(list.exit()).isZero();
        // the commands the services obey, as the issue names them
        for (String[] row : new String[][] {{"airtable-sync", "base.pause"}, {"airtable-sync", "base.resume"}, {"airtable-sync", "ledger.relist"},
                {"airtable-sync", "dlq.replay"}, {"validator", "reconcile"}, {"validator", "resync"}, {"tilt-orchestrator", "tilt.run"},
                {"tilt-orchestrator", "tilt.cancel"}}) {
            assertThat(list.out()).containsPattern("(?m)^" + row[0] + " +" + java.util.regex.Pattern.quote(row[1]) + " ");
        }
        assertThat(list.out()).contains("kind=", "all|refused|unreadable", "autoSync=", "pipeline=", "required");
        assertThat(run("bin/hookbus", "help").out()).contains("ops TARGET COMMAND", "ops --list", "demo");
    }

    @Test
    @Order(2)
    void aWrongTargetCommandOrArgumentIsOneLineAndExit2AndNothingIsPublished() throws Exception {
        int before = TopicRecords.readAll(kafka, Topic.OPS.topicName()).size();
        for (String[] wrong : new String[][] {{"nosuch", "x"}, {"validator", "nosuch"}, {"airtable-sync", "dlq.replay", "kind=bogus"},
                {"validator", "reconcile", "extra=1"}, {"tilt-orchestrator", "tilt.run"}, {"validator", "reconcile", "autoSync=maybe"}}) {
            List<String> args = new ArrayList<>(List.of("bin/hookbus", "ops"));
            args.addAll(List.of(wrong));
            Checkout.Run refused = run(args.toArray(String[]::new));
            assertThat(refused.exit()).as(String.join(" ", wrong) + ": " + refused.out()).isEqualTo(2);
            assertThat(refused.out().strip().lines()).as(refused.out()).hasSize(1);
            assertThat(refused.out()).startsWith("hookbus ops: ");
        }
        assertThat(TopicRecords.readAll(kafka, Topic.OPS.topicName())).hasSize(before);
    }

    @Test
    @Order(3)
    void commandsAreCarriedOutAndTheirOutcomePrinted() throws Exception {
        Checkout.Run reconcile = run("bin/hookbus", "ops", "validator", "reconcile");
        assertThat(reconcile.exit()).as(reconcile.out()).isZero();
        assertThat(reconcile.out()).contains("DONE: pass over", "synced:");

        Checkout.Run pause = run("bin/hookbus", "ops", "airtable-sync", "base.pause");
        assertThat(pause.exit()).as(pause.out()).isZero();
        assertThat(pause.out()).contains("DONE: base appHookbusLocal01 paused");
        Checkout.Run resume = run("bin/hookbus", "ops", "airtable-sync", "base.resume");
        assertThat(resume.exit()).as(resume.out()).isZero();
        assertThat(resume.out()).contains("resumed");

        Checkout.Run replay = run("bin/hookbus", "ops", "airtable-sync", "dlq.replay", "kind=refused");
        assertThat(replay.exit()).as(replay.out()).isZero();
        assertThat(replay.out()).contains("refused intent(s) replayed");

        Checkout.Run unknownPipeline = run("bin/hookbus", "ops", "tilt-orchestrator", "tilt.run", "pipeline=no-such-pipeline");
        assertThat(unknownPipeline.exit()).as(unknownPipeline.out()).isEqualTo(1);
        assertThat(unknownPipeline.out()).contains("REFUSED");
    }

    @Test
    @Order(4)
    void theDemoSyncsItsOwnMarketplaceToZeroDriftAndLeavesTheUsersDataAlone() throws Exception {
        JsonNode mine = agents().stream().filter(r -> r.path("fields").path("Sync Key").asText().equals("usermkt/mine/agents/keep")).findFirst()
                .orElseThrow();
        Checkout.Run demo = run("bin/hookbus", "demo");
        assertThat(demo.exit()).as(demo.out()).isZero();
        assertThat(demo.out()).contains("components in Airtable", "zero drift", "status page");
        String name = demo.out().lines().filter(l -> l.startsWith("demo: sample marketplace")).findFirst().orElseThrow().split("'")[1];
        List<JsonNode> demoAgents = agents().stream().filter(r -> r.path("fields").path("Sync Key").asText().startsWith(name + "/")).toList();
        assertThat(demoAgents).extracting(r -> r.path("fields").path("Sync Key").asText())
                .containsExactlyInAnyOrder(name + "/demo-tools/agents/reviewer", name + "/demo-tools/agents/auditor");
        assertThat(demoAgents).anySatisfy(r -> assertThat(r.path("fields").path("Purpose").asText())
                .isEqualTo("Reviews a change for correctness, style and tests"));
        JsonNode deleted = records("Commands").stream().filter(r -> r.path("fields").path("Sync Key").asText().equals(name + "/demo-tools/commands/status"))
                .findFirst().orElseThrow();
        assertThat(deleted.path("fields").path("Sync Status").asText()).isEqualTo("Orphaned");
        JsonNode deploy = records("Commands").stream().filter(r -> r.path("fields").path("Sync Key").asText().equals(name + "/demo-tools/commands/deploy"))
                .findFirst().orElseThrow();
        assertThat(deploy.path("fields").path("Argument Hint").asText()).isEqualTo("[env] [--dry-run]");
        JsonNode mineAfter = agents().stream().filter(r -> r.path("id").asText().equals(mine.path("id").asText())).findFirst().orElseThrow();
        assertThat(mineAfter.path("fields")).isEqualTo(mine.path("fields"));
        assertThat(Files.list(tmp.resolve("roots")).map(p -> p.getFileName().toString())).containsExactly("usermkt");
    }

    @Test
    @Order(5)
    void everyMetricADashboardNamesExistsOnALiveService() throws Exception {
        // traffic that makes the lazily registered series exist: a refused hook, a Tilt run with a step
        HttpClient http = HttpClient.newHttpClient();
        String ingest = "http://127.0.0.1:" + env.get("HOOKBUS_INGEST_PORT");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/hooks/claude-code")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(400);
        Checkout.Run run = run("bin/hookbus", "ops", "tilt-orchestrator", "tilt.run", "pipeline=backend");
        assertThat(run.exit()).as(run.out()).isZero();
        String tilt = "http://127.0.0.1:" + env.get("HOOKBUS_TILT_PORT");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> scrape(http, tilt).contains("hookbus_tilt_step_seconds"));

        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b((?:hookbus|http|jvm|process|kafka)_[a-z0-9_]+)");
        Map<String, String> named = new java.util.TreeMap<>();
        try (var files = Files.list(Packaged.checkout().resolve("deploy/grafana/dashboards"))) {
            for (Path dashboard : files.toList()) {
                for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        var m = metric.matcher(target.path("expr").asText());
                        while (m.find()) {
                            named.putIfAbsent(m.group(1), dashboard.getFileName() + ": " + panel.path("title").asText());
                        }
                    }
                }
            }
        }
        assertThat(named).as("the dashboards name metrics").hasSizeGreaterThan(15);
        // Micrometer's Kafka binder looks for a client's new metrics once a minute, and a partition's lag exists only
        // after its first fetch: a series can appear up to a minute after the traffic that makes it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(150)).pollInterval(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            java.util.Set<String> exported = new java.util.TreeSet<>();
            for (String port : List.of("HOOKBUS_INGEST_PORT", "HOOKBUS_SYNC_PORT", "HOOKBUS_TILT_PORT", "HOOKBUS_VALIDATOR_PORT")) {
                scrape(http, "http://127.0.0.1:" + env.get(port)).lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                        .map(l -> l.split("[{ ]", 2)[0]).forEach(exported::add);
            }
            Map<String, String> missing = new java.util.TreeMap<>(named);
            missing.keySet().removeIf(exported::contains);
            assertThat(missing).as("metrics a dashboard names that no live service exports (metric → panel)").isEmpty();
        });
    }

    static String scrape(HttpClient http, String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static List<JsonNode> agents() throws Exception {
        return records("Agents");
    }

    static List<JsonNode> records(String table) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulatorPort
                + "/admin/bases/appHookbusLocal01/tables/" + table + "/records")).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).path("records").forEach(out::add);
        return out;
    }

    static Checkout.Run run(String... command) throws IOException, InterruptedException {
        return Checkout.run(tmp, env, command);
    }
}
