package dev.hookbus.e2e;

import static dev.hookbus.e2e.MessagesStandIn.edit;
import static dev.hookbus.e2e.MessagesStandIn.read;
import static dev.hookbus.e2e.MessagesStandIn.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.ServiceProcess;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI installs the plugin from this repository and runs sessions whose tools write plugin
 * components; hook-ingest, airtable-sync and the emulator run as the packaged services. Expected field values are
 * written out by hand from the files the sessions write, never computed by hookbus's own mapping or parser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClaudeCodeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path cliBinary;
    static MessagesStandIn model;
    static AirtableEmulatorProcess emulator;
    static ServiceProcess ingest;
    static ServiceProcess sync;
    static Path workspace;
    static Path marketplace;
    static ClaudeCodeCli claude;
    static ServiceProcess tilt;
    static Path rustProject;

    @BeforeAll
    static void startStack() throws Exception {
        cliBinary = ClaudeCodeCli.locate();
        if (cliBinary == null) {
            // under CI a missing CLI is a failure, never a skip
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("the Claude Code CLI is missing (install @anthropic-ai/claude-code@2.1.332, set HOOKBUS_CLAUDE_BIN)");
            }
            Assumptions.abort("no Claude Code CLI here: npm install @anthropic-ai/claude-code@2.1.332 and set HOOKBUS_CLAUDE_BIN");
        }
        String kafka = EmbeddedKafka.shared().bootstrapServers();
        emulator = new AirtableEmulatorProcess(tmp.resolve("emulator"), Duration.ofSeconds(30)).start();
        ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), Map.of("kafka.bootstrap.servers", kafka), tmp.resolve("logs"))
                .start(Duration.ofSeconds(90));
        sync = new ServiceProcess("airtable-sync", Packaged.service("airtable-sync"), Map.of("kafka.bootstrap.servers", kafka,
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN), tmp.resolve("logs")).start(Duration.ofSeconds(90));
        workspace = Files.createDirectories(tmp.resolve("work"));
        rustProject = Files.createDirectories(workspace.resolve("api-service"));
        // the api build fails with a compiler error whenever it is triggered
        Path tiltBinary = RustPipeline.install(tmp.resolve("tilt"), "api", rustProject, "{\"duration\":0.3,\"error\":\"exit status 101\","
                + "\"lines\":[\"error[E0599]: no method named `conect` found for struct `Client`\"]}");
        tilt = new ServiceProcess("tilt-orchestrator", Packaged.service("tilt-orchestrator"), Map.of("kafka.bootstrap.servers", kafka,
                "tilt.pipelines-dir", RustPipeline.pipelinesDir(tmp.resolve("tilt")).toString(), "tilt.binary", tiltBinary.toString()), tmp.resolve("logs")).start(Duration.ofSeconds(90));
        model = new MessagesStandIn();
        marketplace = Files.createDirectories(workspace.resolve("ccmkt"));
        claude = new ClaudeCodeCli(cliBinary, tmp.resolve("home-plugin"), model.url());
        claude.installPlugin(Packaged.checkout(), options());
    }

    static String options() {
        return "{\"ingest_url\":\"" + ingest.baseUrl() + "\",\"tilt_url\":\"" + tilt.baseUrl() + "\"}";
    }

    @AfterAll
    static void stopStack() {
        for (AutoCloseable part : new AutoCloseable[] {model, tilt, sync, ingest, emulator}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // best effort: the other parts still stop
                }
            }
        }
    }

    static List<JsonNode> records(String table) {
        return Emulated.records(emulator, table);
    }

    static JsonNode awaitRecord(String table, String syncKey, Map<String, String> expected) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> records(table).stream()
                .anyMatch(r -> r.path("fields").path("Sync Key").asText().equals(syncKey) && matches(r, expected)));
        List<JsonNode> all = records(table).stream().filter(r -> r.path("fields").path("Sync Key").asText().equals(syncKey)).toList();
        assertThat(all).as("one record for " + syncKey).hasSize(1);
        return all.get(0);
    }

    static boolean matches(JsonNode record, Map<String, String> expected) {
        return expected.entrySet().stream().allMatch(e -> e.getValue() == null ? !record.path("fields").has(e.getKey())
                : e.getValue().equals(record.path("fields").path(e.getKey()).asText()));
    }

    static Map<String, String> fields(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String recordId(String table, String syncKey) {
        return records(table).stream().filter(r -> r.path("fields").path("Sync Key").asText().equals(syncKey)).findFirst().orElseThrow()
                .path("id").asText();
    }

    static List<HookEvent> hookEvents() {
        return TopicRecords.readAll(EmbeddedKafka.shared().bootstrapServers(), Topic.HOOK_EVENTS.topicName()).stream()
                .map(r -> EventJson.read(r.value(), HookEvent.class)).toList();
    }

    static String path(String relative) {
        return marketplace.resolve(relative).toString();
    }

    @Test
    @Order(1)
    void writesAndEditsOfEveryKindArriveFieldByField() throws Exception {
        String agent = "---\nname: reviewer\ndescription: Reviews diffs\ntools: Read, Grep\nmodel: sonnet\ncolor: blue\n---\nYou review.\n";
        model.script(List.of(
                write(path("plugins/tools/agents/reviewer.md"), agent),
                edit(path("plugins/tools/agents/reviewer.md"), "Reviews diffs", "Reviews every diff"),
                write(path("plugins/tools/commands/ship.md"),
                        "---\ndescription: Ship it\nargument-hint: [--dry-run] [target]\nallowed-tools: Bash(git:*)\n---\nShip $ARGUMENTS\n"),
                write(path("plugins/tools/skills/release/SKILL.md"), "---\nname: release\ndescription: Cut a release\nallowed-tools: Read, Bash\n---\nSteps.\n"),
                write(path("plugins/tools/hooks/hooks.json"),
                        "{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Write\",\"hooks\":[{\"type\":\"command\",\"command\":\"echo done\"}]}]}}")));
        claude.session(marketplace, "write the components");

        JsonNode reviewer = awaitRecord("Agents", "ccmkt/tools/agents/reviewer", fields("Agent Name", "reviewer", "File Path",
                "plugins/tools/agents/reviewer.md", "Purpose", "Reviews every diff", "Model", "sonnet", "Color", "blue", "Tools", "Read, Grep",
                "Sync Status", "Synced"));
        awaitRecord("Commands", "ccmkt/tools/commands/ship", fields("Command Name", "/tools:ship", "Description", "Ship it", "File Path",
                "plugins/tools/commands/ship.md", "Argument Hint", "[--dry-run] [target]", "Allowed Tools", "Bash(git:*)", "Sync Status", "Synced"));
        awaitRecord("Skills", "ccmkt/tools/skills/release", fields("Skill Name", "release", "Description", "Cut a release", "Directory Path",
                "plugins/tools/skills/release", "Allowed Tools", "Read, Bash", "Sync Status", "Synced"));
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> records("Hooks").stream()
                .anyMatch(r -> r.path("fields").path("Command").asText().equals("echo done")));
        JsonNode hook = records("Hooks").stream().filter(r -> r.path("fields").path("Sync Key").asText().startsWith("ccmkt/tools/hooks/"))
                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                    assertThat(l).hasSize(1);
                    return l.get(0);
                }));
        assertThat(hook.path("fields").path("Event Type").asText()).isEqualTo("PostToolUse");
        assertThat(hook.path("fields").path("Matcher").asText()).isEqualTo("Write");
        awaitRecord("Plugins", "ccmkt/tools", fields("Name", "tools", "Directory Path", "plugins/tools"));
        awaitRecord("Marketplaces", "ccmkt", fields("Marketplace Name", "ccmkt"));
        String pluginId = recordId("Plugins", "ccmkt/tools");
        assertThat(reviewer.path("fields").path("Plugin").toString()).isEqualTo("[\"" + pluginId + "\"]");
        // every tool call once on the hook topic (the forwarder's retries and replays never duplicate one)
        Map<String, Long> perCall = hookEvents().stream().filter(e -> e.filePaths().stream().anyMatch(p -> p.startsWith(marketplace.toString())))
                .collect(Collectors.groupingBy(e -> e.sessionId() + "/" + e.toolUseId(), Collectors.counting()));
        assertThat(perCall).hasSize(5).allSatisfy((call, n) -> assertThat(n).as(call).isEqualTo(1));
    }

    @Test
    @Order(2)
    void theNativeHttpHookOfTheReadmeDeliversToo() throws Exception {
        Path project = Files.createDirectories(workspace.resolve("httpmkt"));
        Files.createDirectories(project.resolve(".claude"));
        Files.writeString(project.resolve(".claude/settings.json"), "{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Write|Edit|MultiEdit|NotebookEdit\","
                + "\"hooks\":[{\"type\":\"http\",\"url\":\"" + ingest.baseUrl() + "/v1/hooks/claude-code\",\"timeout\":10}]}]}}");
        ClaudeCodeCli plain = new ClaudeCodeCli(cliBinary, tmp.resolve("home-http"), model.url());
        model.script(List.of(write(project.resolve("plugins/web/agents/http-agent.md").toString(),
                "---\nname: http-agent\ndescription: Sent by the http hook\nmodel: haiku\n---\n")));
        plain.session(project, "write the agent");
        awaitRecord("Agents", "httpmkt/web/agents/http-agent", fields("Agent Name", "http-agent", "Purpose", "Sent by the http hook", "Model", "haiku",
                "File Path", "plugins/web/agents/http-agent.md", "Tools", null));
        assertThat(hookEvents()).filteredOn(e -> e.filePaths().contains(project.resolve("plugins/web/agents/http-agent.md").toString()))
                .extracting(e -> e.source()).containsExactly(HookEvent.Source.HTTP_HOOK);
    }

    @Test
    @Order(3)
    void eventsOfASessionWhileIngestIsDownAreSpooledThenDeliveredOnceEach() throws Exception {
        ingest.stop();
        model.script(List.of(write(path("plugins/tools/agents/down-one.md"), "---\nname: down-one\ndescription: written while ingest was down\n---\n"),
                write(path("plugins/tools/agents/down-two.md"), "---\nname: down-two\ndescription: also while down\n---\n")));
        claude.session(marketplace, "write while down");
        Path spool = claude.home().resolve(".claude/plugins/data/hookbus-hookbus/spool");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readyEntries(spool) == 2);
        assertThat(records("Agents")).noneMatch(r -> r.path("fields").path("Sync Key").asText().contains("down-"));

        ingest.start(Duration.ofSeconds(90));
        // the next session's start replays the spool; its own Write goes too
        model.script(List.of(read(path("plugins/tools/agents/down-one.md")),
                edit(path("plugins/tools/agents/down-one.md"), "written while ingest was down", "back up")));
        claude.session(marketplace, "after the outage");
        awaitRecord("Agents", "ccmkt/tools/agents/down-two", fields("Purpose", "also while down"));
        awaitRecord("Agents", "ccmkt/tools/agents/down-one", fields("Purpose", "back up"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readyEntries(spool) == 0);
        Map<String, Long> perCall = hookEvents().stream().filter(e -> e.filePaths().stream().anyMatch(p -> p.contains("/down-")))
                .collect(Collectors.groupingBy(e -> e.sessionId() + "/" + e.toolUseId(), Collectors.counting()));
        assertThat(perCall).hasSize(3).allSatisfy((call, n) -> assertThat(n).as(call).isEqualTo(1));
    }

    static long readyEntries(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(spool)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".ready")).count();
        }
    }

    @Test
    @Order(4)
    void installedUnderAPathWithASpaceEveryHookStillRuns() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("my plugins/hookbus"));
        copyTree(Packaged.checkout().resolve(".claude-plugin"), copy.resolve(".claude-plugin"));
        copyTree(Packaged.checkout().resolve("claude-plugin"), copy.resolve("claude-plugin"));
        ClaudeCodeCli spaced = new ClaudeCodeCli(cliBinary, tmp.resolve("home-space"), model.url());
        spaced.installPlugin(copy, options());
        model.script(List.of(write(path("plugins/tools/agents/spaced.md"), "---\nname: spaced\ndescription: from a path with a space\n---\n")));
        spaced.session(marketplace, "write from the spaced install");
        awaitRecord("Agents", "ccmkt/tools/agents/spaced", fields("Purpose", "from a path with a space"));
        Path log = spaced.home().resolve(".claude/plugins/data/hookbus-hookbus/forward.log");
        assertThat(log.getParent()).isDirectory();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    @Order(5)
    void theStopHookHandsAnErrorVerdictBackToTheAgent() throws Exception {
        // a change of backend code starts the api pipeline; its build fails
        model.script(List.of(write(rustProject.resolve("src/main.rs").toString(), "fn main() { client.conect(); }\n")));
        claude.session(rustProject, "change the backend");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String latest = tilt.baseUrl() + "/api/runs/latest?project=" + java.net.URLEncoder.encode(rustProject.toString(), java.nio.charset.StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(latest)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && JSON.readTree(response.body()).path("status").asText().equals("ERROR");
        });

        // the agent is about to stop: the Stop hook blocks with the verdict, which reaches the model as its next input
        model.script(List.of());
        claude.session(rustProject, "are we done?");
        String expected = "ERROR: The sync and deploy process failed at Step 1 (api)";
        assertThat(model.userTexts()).as("what the model was told").anyMatch(text -> text.contains(expected) && text.contains("/logs/sync-error-"));
    }
}
