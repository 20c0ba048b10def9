package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.FreePorts;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.Topic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    record Run(int exit, String out) {
    }

    @BeforeAll
    static void up() throws Exception {
        Path agent = tmp.resolve("roots/usermkt/plugins/mine/agents/keep.md");
        Files.createDirectories(agent.getParent());
        Files.writeString(agent, "---\nname: keep\ndescription: the user's own agent\n---\n");
        int kafkaPort = FreePorts.next();
        emulatorPort = FreePorts.next();
        kafka = "127.0.0.1:" + kafkaPort;
        env.put("HOOKBUS_STATE_DIR", tmp.resolve("state").toString());
        env.put("HOOKBUS_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("HOOKBUS_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_EMULATOR_PORT", Integer.toString(emulatorPort));
        env.put("HOOKBUS_INGEST_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_SYNC_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_TILT_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_VALIDATOR_PORT", Integer.toString(FreePorts.next()));
        Run up = run("bin/hookbus", "up", tmp.resolve("roots").toString());
        assertThat(up.exit()).as(up.out()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        run("bin/hookbus", "down");
    }

    @Test
    @Order(1)
    void listShowsEveryCommandWithItsArguments() throws Exception {
        Run list = run("bin/hookbus", "ops", "--list");
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
            Run refused = run(args.toArray(String[]::new));
            assertThat(refused.exit()).as(String.join(" ", wrong) + ": " + refused.out()).isEqualTo(2);
            assertThat(refused.out().strip().lines()).as(refused.out()).hasSize(1);
            assertThat(refused.out()).startsWith("hookbus ops: ");
        }
        assertThat(TopicRecords.readAll(kafka, Topic.OPS.topicName())).hasSize(before);
    }

    @Test
    @Order(3)
    void commandsAreCarriedOutAndTheirOutcomePrinted() throws Exception {
        Run reconcile = run("bin/hookbus", "ops", "validator", "reconcile");
        assertThat(reconcile.exit()).as(reconcile.out()).isZero();
        assertThat(reconcile.out()).contains("DONE: pass over", "synced:");

        Run pause = run("bin/hookbus", "ops", "airtable-sync", "base.pause");
        assertThat(pause.exit()).as(pause.out()).isZero();
        assertThat(pause.out()).contains("DONE: base appHookbusLocal01 paused");
        Run resume = run("bin/hookbus", "ops", "airtable-sync", "base.resume");
        assertThat(resume.exit()).as(resume.out()).isZero();
        assertThat(resume.out()).contains("resumed");

        Run replay = run("bin/hookbus", "ops", "airtable-sync", "dlq.replay", "kind=refused");
        assertThat(replay.exit()).as(replay.out()).isZero();
        assertThat(replay.out()).contains("refused intent(s) replayed");

        Run unknownPipeline = run("bin/hookbus", "ops", "tilt-orchestrator", "tilt.run", "pipeline=no-such-pipeline");
        assertThat(unknownPipeline.exit()).as(unknownPipeline.out()).isEqualTo(1);
        assertThat(unknownPipeline.out()).contains("REFUSED");
    }

    @Test
    @Order(4)
    void theDemoSyncsItsOwnMarketplaceToZeroDriftAndLeavesTheUsersDataAlone() throws Exception {
        JsonNode mine = agents().stream().filter(r -> r.path("fields").path("Sync Key").asText().equals("usermkt/mine/agents/keep")).findFirst()
                .orElseThrow();
        Run demo = run("bin/hookbus", "demo");
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

    static Run run(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        args.set(0, Packaged.checkout().resolve(command[0]).toString());
        ProcessBuilder builder = new ProcessBuilder(args).directory(Packaged.checkout().toFile()).redirectErrorStream(true);
        builder.environment().remove("AIRTABLE_TOKEN");
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().remove("AIRTABLE_API_URL");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
