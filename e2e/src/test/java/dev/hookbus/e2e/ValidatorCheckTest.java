package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.FreePorts;
import dev.hookbus.devstack.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/** The validator CLI, as a process, against the real broker, the emulator and airtable-sync and hook-ingest running as processes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidatorCheckTest {
    /** The exit codes of {@code bin/validator check}, as documented there and in docs/REFERENCE.md. */
    static final int IN_SYNC = 0;
    static final int ERROR = 1;
    static final int DRIFT = 2;

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static AirtableEmulatorProcess emulator;
    static ServiceProcess sync;
    static Path root;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out.substring(out.indexOf('{')));
            } catch (IOException e) {
                throw new IllegalStateException(out, e);
            }
        }
    }

    @BeforeAll
    static void startStack() throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        emulator = new AirtableEmulatorProcess(tmp.resolve("emulator"), Duration.ofSeconds(30)).start();
        Path syncJar = Packaged.service("airtable-sync");
        sync = new ServiceProcess("airtable-sync", syncJar, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN,
                "quarkus.log.category.\"org.apache.kafka\".level", "ERROR"), tmp.resolve("sync")).start(Duration.ofSeconds(90));
        root = tmp.resolve("workspace/vmkt");
        write("plugins/p/agents/synced.md", "---\nname: synced\ndescription: stays as it is\n---\n");
        write("plugins/p/agents/stale.md", "---\nname: stale\ndescription: before\n---\n");
        write("plugins/p/agents/gone.md", "---\nname: gone\ndescription: will be removed\n---\n");
        write("plugins/p/commands/dup.md", "---\ndescription: will get a duplicate\n---\n");
    }

    @AfterAll
    static void stopStack() {
        if (sync != null) {
            sync.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** {@code bin/validator check …} as a process of its own, with only these settings in its environment. */
    static Run check(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("AIRTABLE_API_URL", emulator.apiUrl(), "AIRTABLE_TOKEN", AirtableEmulatorProcess.TOKEN,
                "KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers()));
        env.putAll(extraEnv);
        env.putIfAbsent("LANG", "C.UTF-8"); // a terminal's locale: the report's arrows are UTF-8
        Path app = Packaged.service("validator").getParent();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", app.resolve("app") + "/*:" + app.resolve("lib/main") + "/*", "dev.hookbus.validator.cli.ValidatorCli", "check"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("validator check did not end within 5 minutes: " + command);
            }
            return new Run(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<JsonNode> records(String table) {
        return Emulated.records(emulator, table);
    }

    static String stateOf(JsonNode report, String key) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("syncKey").asText().equals(key) && f.path("drift").asBoolean(false)) {
                return f.path("state").asText();
            }
        }
        for (JsonNode f : report.path("findings")) {
            if (f.path("syncKey").asText().equals(key)) {
                return f.path("state").asText();
            }
        }
        return "absent";
    }

    @Test
    @Order(1)
    void aFirstPassBackfillsAnEmptyBase() {
        Run first = check(Map.of(), "--format", "json", root.getParent().toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(DRIFT);
        assertThat(stateOf(first.json(), "vmkt/p/agents/synced")).isEqualTo("missing");
        Run repaired = check(Map.of(), "--auto-sync", "--wait", "--format", "json", root.getParent().toString());
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(IN_SYNC);
        assertThat(records("Agents")).hasSize(3);
    }

    @Test
    @Order(2)
    void everyStateIsNamedAndAutoSyncRepairsAllButDeletesNothing() throws IOException {
        JsonNode plugin = records("Plugins").stream().filter(r -> r.path("fields").path("Sync Key").asText().equals("vmkt/p")).findFirst().orElseThrow();
        // stale: edited outside the agent; orphaned: removed; missing: added; invalid: broken hooks.json
        write("plugins/p/agents/stale.md", "---\nname: stale\ndescription: after\n---\n");
        Files.delete(root.resolve("plugins/p/agents/gone.md"));
        write("plugins/p/agents/new.md", "---\nname: new\ndescription: brand new\n---\n");
        write("plugins/p/hooks/hooks.json", "{\"hooks\": {");
        write("plugins/p/skills/warned/SKILL.md", "---\nname: warned\ndescription: [unclosed\n");
        // duplicate: an older tool raced and wrote the same key twice; adoptable: a record made by an older tool
        String dupKey = "vmkt/p/commands/dup";
        emulator.admin("POST", "bases/appHookbusLocal01/tables/Commands/records", "{\"records\":[{\"fields\":{\"Command Name\":\"/p:dup\","
                + "\"Sync Key\":\"" + dupKey + "\"}}]}");
        write("plugins/p/commands/legacy.md", "---\ndescription: written by the old scripts\n---\n");
        emulator.admin("POST", "bases/appHookbusLocal01/tables/Commands/records", "{\"records\":[{\"fields\":{\"Command Name\":\"/p:legacy\","
                + "\"Plugin\":[\"" + plugin.path("id").asText() + "\"]}}]}");
        int commandsBefore = records("Commands").size();

        Run drift = check(Map.of(), "--format", "json", root.getParent().toString());
        assertThat(drift.exit()).isEqualTo(DRIFT);
        JsonNode report = drift.json();
        assertThat(stateOf(report, "vmkt/p/agents/synced")).isEqualTo("synced");
        assertThat(stateOf(report, "vmkt/p/agents/stale")).isEqualTo("stale");
        assertThat(stateOf(report, "vmkt/p/agents/gone")).isEqualTo("orphaned");
        assertThat(stateOf(report, "vmkt/p/agents/new")).isEqualTo("missing");
        assertThat(stateOf(report, "vmkt/p/commands/dup")).isEqualTo("duplicate");
        assertThat(stateOf(report, "vmkt/p/hooks/hooks.json")).isEqualTo("invalid");
        assertThat(stateOf(report, "vmkt/p/commands/legacy")).isEqualTo("missing");
        assertThat(report.path("adoptable").asInt()).isEqualTo(1);
        // recovered parse warnings are warnings, not Invalid
        assertThat(stateOf(report, "vmkt/p/skills/warned")).isEqualTo("missing");
        Run text = check(Map.of(), root.getParent().toString());
        assertThat(text.out()).contains("~ stale").contains("+ missing").contains("- orphaned").contains("& missing").contains("? invalid");

        Run repaired = check(Map.of(), "--auto-sync", "--wait", root.getParent().toString());
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(IN_SYNC);
        // nothing deleted: the orphan and the extra duplicate are marked, the legacy record adopted, not copied
        assertThat(records("Commands")).hasSize(commandsBefore);
        JsonNode gone = records("Agents").stream().filter(r -> r.path("fields").path("Sync Key").asText().equals("vmkt/p/agents/gone"))
                .findFirst().orElseThrow();
        assertThat(gone.path("fields").path("Sync Status").asText()).isEqualTo("Orphaned");
        assertThat(records("Commands").stream().filter(r -> r.path("fields").path("Sync Key").asText().equals("vmkt/p/commands/legacy"))).hasSize(1);
        assertThat(records("Agents").stream().filter(r -> r.path("fields").path("Purpose").asText().equals("after"))).hasSize(1);
    }

    @Test
    @Order(3)
    void pruneDeletesExactlyTheOrphansAndExtraDuplicates() {
        int agents = records("Agents").size();
        int commands = records("Commands").size();
        Run pruned = check(Map.of(), "--prune", "--wait", root.getParent().toString());
        assertThat(pruned.exit()).as(pruned.out() + pruned.err()).isEqualTo(IN_SYNC);
        assertThat(records("Agents")).hasSize(agents - 1);
        assertThat(records("Commands")).hasSize(commands - 1);
        assertThat(records("Commands").stream().filter(r -> r.path("fields").path("Sync Key").asText().equals("vmkt/p/commands/dup"))).hasSize(1);
        assertThat(records("Agents").stream().map(r -> r.path("fields").path("Sync Key").asText())).doesNotContain("vmkt/p/agents/gone");
    }

    @Test
    @Order(4)
    void anUnreachableAirtableIsExitOneWithOneClearLine() {
        Run run = check(Map.of("AIRTABLE_API_URL", "http://127.0.0.1:" + FreePorts.next() + "/v0"), root.getParent().toString());
        assertThat(run.exit()).isEqualTo(ERROR);
        // besides the line that says no airtable-sync grants the budget here, one line says what is wrong
        List<String> problems = run.err().strip().lines().filter(l -> !l.contains("keeping to this process's own budget")).toList();
        assertThat(problems).as(run.err()).hasSize(1);
        assertThat(problems.get(0)).startsWith("validator: Airtable unreachable at http://127.0.0.1:").doesNotContain(AirtableEmulatorProcess.TOKEN);
        Run usage = check(Map.of(), "--format", "yaml", root.getParent().toString());
        assertThat(usage.exit()).isEqualTo(ERROR);
        Run realWithoutToken = check(Map.of("AIRTABLE_API_URL", "https://api.airtable.com/v0", "AIRTABLE_TOKEN", ""), root.getParent().toString());
        assertThat(realWithoutToken.exit()).isEqualTo(ERROR);
        assertThat(realWithoutToken.err()).contains("set AIRTABLE_TOKEN");
    }

    @Test
    @Order(5)
    void endToEndTheForwarderAndAnHttpHookReachAirtableThroughIngestAndSync() throws Exception {
        ServiceProcess ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest")
                .normalize(), Map.of("kafka.bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()), tmp.resolve("ingest"))
                .start(Duration.ofSeconds(90));
        try {
            Path script = Packaged.checkout().resolve("claude-plugin/scripts/hookbus-forward");
            // a Write of a new agent, through the forwarder (which attaches the file)
            Path agent = root.resolve("plugins/p/agents/e2e.md");
            Files.writeString(agent, "---\nname: e2e\ndescription: written by the agent\n---\n");
            forward(script, ingest, "{\"session_id\":\"e2e\",\"cwd\":\"" + root + "\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Write\","
                    + "\"tool_use_id\":\"toolu_e2e_1\",\"tool_input\":{\"file_path\":\"" + agent + "\",\"content\":\"ignored\"}}");
            // a hooks.json change, through the forwarder
            Path hooks = root.resolve("plugins/p/hooks/hooks.json");
            Files.writeString(hooks, "{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"echo bye\"}]}]}}");
            forward(script, ingest, "{\"session_id\":\"e2e\",\"cwd\":\"" + root + "\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Write\","
                    + "\"tool_use_id\":\"toolu_e2e_2\",\"tool_input\":{\"file_path\":\"" + hooks + "\",\"content\":\"ignored\"}}");
            // an Edit without a snapshot: Claude Code's native http hook, carrying the original file
            Path synced = root.resolve("plugins/p/agents/synced.md");
            String original = Files.readString(synced);
            Files.writeString(synced, original.replace("stays as it is", "edited by Edit"));
            var body = JSON.createObjectNode().put("session_id", "e2e").put("cwd", root.toString()).put("hook_event_name", "PostToolUse")
                    .put("tool_name", "Edit").put("tool_use_id", "toolu_e2e_3");
            body.putObject("tool_input").put("file_path", synced.toString()).put("old_string", "stays as it is").put("new_string", "edited by Edit");
            body.putObject("tool_response").put("filePath", synced.toString()).put("originalFile", original);
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(ingest.baseUrl() + "/v1/hooks/claude-code")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(204);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> check(Map.of(), root.getParent().toString()).exit() == IN_SYNC);
            assertThat(records("Agents").stream().filter(r -> r.path("fields").path("Purpose").asText().equals("edited by Edit"))).hasSize(1);
            assertThat(records("Hooks").stream().filter(r -> r.path("fields").path("Command").asText().equals("echo bye"))).hasSize(1);
        } finally {
            ingest.stop();
        }
    }

    static String seed(String table, String fieldsJson) throws IOException {
        String created = emulator.admin("POST", "bases/" + AirtableEmulatorProcess.BASE_ID + "/tables/" + table + "/records",
                "{\"records\":[{\"fields\":" + fieldsJson + "}]}");
        return JSON.readTree(created).path("records").get(0).path("id").asText();
    }

    @Test
    @Order(9)
    void recordsWrittenUnderTheDirectoryNameAreReKeyedInPlaceToTheManifestsName() throws Exception {
        // the marketplace's manifest names it "mfest"; an earlier version keyed its records by the directory, "mdir"
        Path mdir = root.getParent().resolve("mdir");
        Files.createDirectories(mdir.resolve(".claude-plugin"));
        Files.writeString(mdir.resolve(".claude-plugin/marketplace.json"), "{\"name\":\"mfest\",\"owner\":{\"name\":\"x\"},"
                + "\"metadata\":{\"description\":\"Team tools\"},\"plugins\":[]}");
        String a = "---\nname: a\ndescription: agent a\n---\n";
        String b = "---\nname: b\ndescription: agent b\n---\n";
        Files.createDirectories(mdir.resolve("plugins/p/agents"));
        Files.writeString(mdir.resolve("plugins/p/agents/a.md"), a);
        Files.writeString(mdir.resolve("plugins/p/agents/b.md"), b);
        Seeded seeded = seedMarketplace("mdir", "old b");
        String marketplaceId = seeded.marketplaceId();
        String pluginId = seeded.pluginId();
        String aId = seeded.aId();
        String bId = seeded.bId();
        int agentsBefore = records("Agents").size();
        int marketplacesBefore = records("Marketplaces").size();

        // the records were written behind the running writer's back: it lists its ledger again, as a writer that takes the
        // base after the upgrade does
        relistLedger();
        // the new version hears of b through a hook event: the writer re-keys the records it finds under the old keys
        ServiceProcess ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest")
                .normalize(), Map.of("kafka.bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()), tmp.resolve("ingest-rekey"))
                .start(Duration.ofSeconds(90));
        try {
            var body = JSON.createObjectNode().put("session_id", "rekey").put("cwd", mdir.toString()).put("hook_event_name", "PostToolUse")
                    .put("tool_name", "Write").put("tool_use_id", "toolu_rekey");
            body.putObject("tool_input").put("file_path", mdir.resolve("plugins/p/agents/b.md").toString()).put("content", b);
            assertThat(post(ingest, body)).isEqualTo(204);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> records("Agents").stream()
                    .anyMatch(r -> r.path("id").asText().equals(bId) && r.path("fields").path("Sync Key").asText().equals("mfest/p/agents/b")));
        } finally {
            ingest.stop();
        }
        assertThat(record("Agents", "mfest/p/agents/b").path("fields").path("Purpose").asText()).isEqualTo("agent b");

        // the validator re-keys the rest in place: same record ids, new keys, nothing created, nothing orphaned
        Run repaired = check(Map.of(), "--auto-sync", "--wait", root.getParent().toString());
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(IN_SYNC);
        assertThat(record("Agents", "mfest/p/agents/a").path("id").asText()).isEqualTo(aId);
        assertThat(record("Agents", "mfest/p/agents/b").path("id").asText()).isEqualTo(bId);
        assertThat(record("Plugins", "mfest/p").path("id").asText()).isEqualTo(pluginId);
        JsonNode marketplace = record("Marketplaces", "mfest");
        assertThat(marketplace.path("id").asText()).isEqualTo(marketplaceId);
        assertThat(marketplace.path("fields").path("Marketplace Name").asText()).isEqualTo("mfest");
        assertThat(marketplace.path("fields").path("Description").asText()).isEqualTo("Team tools");
        assertThat(records("Agents")).hasSize(agentsBefore);
        assertThat(records("Marketplaces")).hasSize(marketplacesBefore);
        assertThat(records("Agents").stream().map(r -> r.path("fields").path("Sync Key").asText())).noneMatch(k -> k.startsWith("mdir/"));
    }

    @Test
    @Order(10)
    void aMarketplaceRenamedInItsManifestKeepsItsRecordsUnderTheNewName() throws Exception {
        Path dir = root.getParent().resolve("renamed-dir");
        Path manifest = dir.resolve(".claude-plugin/marketplace.json");
        Files.createDirectories(manifest.getParent());
        String before = "{\"name\":\"old-name\",\"owner\":{\"name\":\"x\"},\"plugins\":[]}";
        String after = before.replace("old-name", "new-name");
        String a = "---\nname: a\ndescription: agent a\n---\n";
        String b = "---\nname: b\ndescription: agent b\n---\n";
        Files.createDirectories(dir.resolve("plugins/p/agents"));
        Files.writeString(dir.resolve("plugins/p/agents/a.md"), a);
        Files.writeString(dir.resolve("plugins/p/agents/b.md"), b);
        // what the current version wrote while the manifest said "old-name"
        Seeded seeded = seedMarketplace("old-name", "agent b");
        String marketplaceId = seeded.marketplaceId();
        String pluginId = seeded.pluginId();
        String aId = seeded.aId();
        String bId = seeded.bId();
        relistLedger();
        int agentsBefore = records("Agents").size();
        int pluginsBefore = records("Plugins").size();
        int marketplacesBefore = records("Marketplaces").size();

        // Claude Code renames it: an Edit of the manifest (the tool reports the file as it was)
        Files.writeString(manifest, after);
        ServiceProcess ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest")
                .normalize(), Map.of("kafka.bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()), tmp.resolve("ingest-rename"))
                .start(Duration.ofSeconds(90));
        try {
            var edit = JSON.createObjectNode().put("session_id", "rename").put("cwd", dir.toString()).put("hook_event_name", "PostToolUse")
                    .put("tool_name", "Edit").put("tool_use_id", "toolu_rename");
            edit.putObject("tool_input").put("file_path", manifest.toString()).put("old_string", "\"old-name\"").put("new_string", "\"new-name\"");
            edit.putObject("tool_response").put("filePath", manifest.toString()).put("originalFile", before);
            assertThat(post(ingest, edit)).isEqualTo(204);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> records("Marketplaces").stream()
                    .anyMatch(r -> r.path("id").asText().equals(marketplaceId) && r.path("fields").path("Sync Key").asText().equals("new-name")));

            // a later change of one agent: its record is re-keyed in place (the plugin's link shows the former name)
            var write = JSON.createObjectNode().put("session_id", "rename").put("cwd", dir.toString()).put("hook_event_name", "PostToolUse")
                    .put("tool_name", "Write").put("tool_use_id", "toolu_rename_b");
            write.putObject("tool_input").put("file_path", dir.resolve("plugins/p/agents/b.md").toString()).put("content", b);
            assertThat(post(ingest, write)).isEqualTo(204);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> records("Agents").stream()
                    .anyMatch(r -> r.path("id").asText().equals(bId) && r.path("fields").path("Sync Key").asText().equals("new-name/p/agents/b")));
        } finally {
            ingest.stop();
        }

        // the validator re-keys the rest in place
        Run repaired = check(Map.of(), "--auto-sync", "--wait", root.getParent().toString());
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(IN_SYNC);
        assertThat(record("Marketplaces", "new-name").path("id").asText()).isEqualTo(marketplaceId);
        assertThat(record("Marketplaces", "new-name").path("fields").path("Marketplace Name").asText()).isEqualTo("new-name");
        assertThat(record("Plugins", "new-name/p").path("id").asText()).isEqualTo(pluginId);
        assertThat(record("Agents", "new-name/p/agents/a").path("id").asText()).isEqualTo(aId);
        assertThat(record("Agents", "new-name/p/agents/b").path("id").asText()).isEqualTo(bId);
        assertThat(records("Agents")).hasSize(agentsBefore);
        assertThat(records("Plugins")).hasSize(pluginsBefore);
        assertThat(records("Marketplaces")).hasSize(marketplacesBefore);
        assertThat(records("Agents").stream().map(r -> r.path("fields").path("Sync Key").asText())).noneMatch(k -> k.startsWith("old-name/"));
    }

    record Seeded(String marketplaceId, String pluginId, String aId, String bId) {
    }

    /** A marketplace record keyed {@code name}, its plugin p and agents a and b, linked by record id. */
    static Seeded seedMarketplace(String name, String purposeOfB) throws IOException {
        String marketplaceId = seed("Marketplaces", "{\"Marketplace Name\":\"" + name + "\",\"Directory Path\":\".\",\"Sync Key\":\"" + name
                + "\",\"Sync Status\":\"Synced\"}");
        String pluginId = seed("Plugins", "{\"Name\":\"p\",\"Directory Path\":\"plugins/p\",\"Sync Key\":\"" + name + "/p\","
                + "\"Sync Status\":\"Synced\",\"Marketplace Link\":[\"" + marketplaceId + "\"]}");
        String aId = seed("Agents", "{\"Agent Name\":\"a\",\"File Path\":\"plugins/p/agents/a.md\",\"Purpose\":\"agent a\","
                + "\"Sync Key\":\"" + name + "/p/agents/a\",\"Sync Status\":\"Synced\",\"Plugin\":[\"" + pluginId + "\"]}");
        String bId = seed("Agents", "{\"Agent Name\":\"b\",\"File Path\":\"plugins/p/agents/b.md\",\"Purpose\":\"" + purposeOfB + "\","
                + "\"Sync Key\":\"" + name + "/p/agents/b\",\"Sync Status\":\"Synced\",\"Plugin\":[\"" + pluginId + "\"]}");
        return new Seeded(marketplaceId, pluginId, aId, bId);
    }

    /** Records seeded behind the running writer's back: it lists its ledger again, as a writer that takes the base does. */
    static void relistLedger() throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of("bootstrap.servers",
                EmbeddedKafka.shared().bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            String commandId = java.util.UUID.randomUUID().toString();
            var relist = new dev.hookbus.events.OpsCommandEvent(1, commandId, dev.hookbus.events.OpsCommandEvent.AIRTABLE_SYNC,
                    "ledger.relist", Map.of(), java.time.Instant.now(), "test");
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(dev.hookbus.events.Topic.OPS.topicName(), relist.target(),
                    dev.hookbus.events.EventJson.toBytes(relist))).get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dev.hookbus.devstack.TopicRecords.readAll(
                    EmbeddedKafka.shared().bootstrapServers(), dev.hookbus.events.Topic.AIRTABLE_WRITES.topicName()).stream()
                    .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(commandId)));
        }
    }

    static int post(ServiceProcess ingest, JsonNode body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(ingest.baseUrl() + "/v1/hooks/claude-code")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A change made by hand in Airtable (through its API, as a person in the UI would). */
    static void editInAirtable(String table, String recordId, String fieldsJson) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(emulator.apiUrl() + "/" + AirtableEmulatorProcess.BASE_ID + "/" + table)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + AirtableEmulatorProcess.TOKEN)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"records\":[{\"id\":\"" + recordId + "\",\"fields\":" + fieldsJson + "}]}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static JsonNode record(String table, String syncKey) {
        return records(table).stream().filter(r -> r.path("fields").path("Sync Key").asText().equals(syncKey)).findFirst().orElseThrow();
    }

    static JsonNode finding(JsonNode report, String key) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("syncKey").asText().equals(key)) {
                return f;
            }
        }
        throw new AssertionError("no finding for " + key);
    }

    @Test
    @Order(6)
    void aHandEditAndAValueAnEarlierVersionNeverClearedAreStaleFieldByFieldAndRepaired() throws Exception {
        write("plugins/p/agents/handled.md", "---\nname: handled\ndescription: as the file says\nmodel: sonnet\n---\n");
        Run backfill = check(Map.of(), "--auto-sync", "--wait", root.getParent().toString());
        assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isEqualTo(IN_SYNC);
        JsonNode before = record("Agents", "vmkt/p/agents/handled");
        // the stored Content Hash stays what the writer wrote: only the values tell
        editInAirtable("Agents", before.path("id").asText(), "{\"Purpose\":\"changed by hand\",\"Tools\":\"Read, Write\"}");

        Run drift = check(Map.of(), "--format", "json", root.getParent().toString());
        assertThat(drift.exit()).isEqualTo(DRIFT);
        JsonNode stale = finding(drift.json(), "vmkt/p/agents/handled");
        assertThat(stale.path("state").asText()).isEqualTo("stale");
        List<String> differences = new ArrayList<>();
        stale.path("differences").forEach(d -> differences.add(d.path("field").asText() + "|" + d.path("airtable").asText("(null)") + "|"
                + d.path("file").asText("(null)")));
        assertThat(differences).containsExactlyInAnyOrder("Purpose|changed by hand|as the file says", "Tools|Read, Write|(null)");
        Run text = check(Map.of(), root.getParent().toString());
        assertThat(text.out()).contains("~ Tools: \"Read, Write\" \u2192 (empty)").contains("~ Purpose: \"changed by hand\" \u2192 \"as the file says\"");

        Run repaired = check(Map.of(), "--auto-sync", "--wait", root.getParent().toString());
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(IN_SYNC);
        JsonNode after = record("Agents", "vmkt/p/agents/handled");
        assertThat(after.path("id").asText()).isEqualTo(before.path("id").asText());
        assertThat(after.path("fields").path("Purpose").asText()).isEqualTo("as the file says");
        assertThat(after.path("fields").has("Tools")).as(after.toString()).isFalse();
    }

    @Test
    @Order(7)
    void aKeyRemovedFromTheFileClearsItsFieldThroughTheRunningServices() throws Exception {
        ServiceProcess ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest")
                .normalize(), Map.of("kafka.bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()), tmp.resolve("ingest-clear"))
                .start(Duration.ofSeconds(90));
        try {
            Path agent = root.resolve("plugins/p/agents/shrinking.md");
            String[] versions = {"---\nname: shrinking\ndescription: d\ntools: Task, Read, Write, Bash(*)\ncolor: blue\n---\n",
                    "---\nname: shrinking\ndescription: d\ncolor: blue\n---\n"};
            for (int v = 0; v < versions.length; v++) {
                Files.writeString(agent, versions[v]);
                var body = JSON.createObjectNode().put("session_id", "clear").put("cwd", root.toString()).put("hook_event_name", "PostToolUse")
                        .put("tool_name", "Write").put("tool_use_id", "toolu_clear_" + v);
                body.putObject("tool_input").put("file_path", agent.toString()).put("content", versions[v]);
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(ingest.baseUrl() + "/v1/hooks/claude-code")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).isEqualTo(204);
                if (v == 0) {
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> records("Agents").stream()
                            .anyMatch(r -> r.path("fields").path("Tools").asText().equals("Task, Read, Write, Bash(*)")));
                }
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode fields = record("Agents", "vmkt/p/agents/shrinking").path("fields");
                return !fields.has("Tools") && fields.path("Color").asText().equals("blue");
            });
            assertThat(check(Map.of(), root.getParent().toString()).exit()).isEqualTo(IN_SYNC);
        } finally {
            ingest.stop();
        }
    }

    @Test
    @Order(8)
    void a429NeverFailsTheCommandItIsWaitedOutAndTheReportFinished() {
        emulator.admin("PUT", "rate-limit", "{\"penaltyMs\":2000}");
        try {
            emulator.admin("PUT", "faults", "{\"rateLimitNext\":1}");
            Run run = check(Map.of("AIRTABLE_RATE_LIMIT_PENALTY_MS", "2000"), "--format", "json", root.getParent().toString());
            assertThat(run.exit()).as(run.err()).isIn(IN_SYNC, DRIFT);
            assertThat(run.err()).contains("Airtable rate limit: waiting 2 s");
            assertThat(run.json().path("findings").size()).isPositive();
        } finally {
            emulator.admin("DELETE", "faults", null);
            emulator.admin("PUT", "rate-limit", "{\"penaltyMs\":30000}");
        }
    }

    private static void forward(Path script, ServiceProcess ingest, String event) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        builder.environment().put("HOOKBUS_INGEST_URL", ingest.baseUrl());
        builder.environment().put("CLAUDE_PLUGIN_DATA", tmp.resolve("plugin-data").toString());
        builder.environment().put("CLAUDE_PROJECT_DIR", root.toString());
        Process process = builder.start();
        process.getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        try (var spooled = Files.list(tmp.resolve("plugin-data/spool"))) {
            assertThat(spooled.filter(p -> Character.isDigit(p.getFileName().toString().charAt(0)))).isEmpty();
        }
    }
}
