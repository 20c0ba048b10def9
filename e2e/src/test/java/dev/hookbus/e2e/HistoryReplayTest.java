package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated marketplace history replayed as Claude Code's hook events through hook-ingest (half through the plugin's
 * forwarder script, half as the native http hook), then every field of every record compared with the generator's own
 * model of what it wrote. The expectation never goes through hookbus's mapping or parsers: each kind's fields are
 * spelled out below from the catalog layout. {@code -Dhookbus.history.steps=2000} replays a longer history.
 */
class HistoryReplayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MARKETPLACE = "histmkt";
    static final List<String> PLUGINS = List.of("alpha", "beta", "gamma");
    static final List<String> MODELS = List.of("sonnet", "opus", "haiku", "inherit");
    static final List<String> COLORS = List.of("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan");
    static final List<String> TOOLS = List.of("Read", "Write", "Edit", "Grep", "Glob", "Bash", "Task", "WebFetch");
    static final List<String> HINTS = List.of("[a] [b]", "[--batch] [--dry-run]", "<file>", "[pattern] [path]");
    static final List<String> EVENTS = List.of("PostToolUse", "PreToolUse", "Stop", "SessionStart");

    @TempDir
    static Path tmp;

    static AirtableEmulatorProcess emulator;
    static ServiceProcess ingest;
    static ServiceProcess sync;
    static Path root;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        String kafka = EmbeddedKafka.shared().bootstrapServers();
        emulator = new AirtableEmulatorProcess(tmp.resolve("emulator"), Duration.ofSeconds(30)).start();
        ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), Map.of("kafka.bootstrap.servers", kafka), tmp.resolve("logs"))
                .start(Duration.ofSeconds(90));
        sync = new ServiceProcess("airtable-sync", Packaged.service("airtable-sync"), Map.of("kafka.bootstrap.servers", kafka,
                "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN), tmp.resolve("logs")).start(Duration.ofSeconds(90));
        root = Files.createDirectories(tmp.resolve("work/" + MARKETPLACE));
    }

    @AfterAll
    static void stopStack() {
        for (AutoCloseable part : new AutoCloseable[] {sync, ingest, emulator}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // the other parts still stop
                }
            }
        }
    }

    // ---- the generator's model: what each file means, by relative path ------------------------------------------

    interface Spec {
    }

    record AgentSpec(String name, String description, String model, String color, String tools, String toolsKey) implements Spec {
    }

    record CommandSpec(String description, String argumentHint, String allowedTools, String body) implements Spec {
    }

    record SkillSpec(boolean frontmatter, String name, String description, String allowedTools, String body) implements Spec {
    }

    record Handler(String event, String matcher, String command) {
    }

    /** @param shape how the file is written: 0 {"hooks":{…}}, 1 the event map at the top level, 2 {"hooks":[]}, 3 {"hooks":{}}, 4 empty arrays */
    record HooksSpec(List<Handler> handlers, int shape) implements Spec {
    }

    record PluginSpec(String name, String description) implements Spec {
    }

    record MarketplaceSpec(String description) implements Spec {
    }

    final Map<String, Spec> files = new TreeMap<>();
    final Random random = new Random(20261201L);
    int counter;

    // ---- rendering files from the model --------------------------------------------------------------------------

    static String render(Spec spec) {
        if (spec instanceof AgentSpec a) {
            return "---\nname: " + a.name() + "\ndescription: " + a.description() + "\n" + line("model", a.model())
                    + line("color", a.color()) + line(a.toolsKey(), a.tools()) + "---\nYou are " + a.name() + ".\n";
        }
        if (spec instanceof CommandSpec c) {
            return (c.description() == null && c.argumentHint() == null && c.allowedTools() == null ? ""
                    : "---\n" + line("description", c.description()) + line("argument-hint", c.argumentHint())
                            + line("allowed-tools", c.allowedTools()) + "---\n") + c.body() + "\n";
        }
        if (spec instanceof SkillSpec s) {
            return (s.frontmatter() ? "---\n" + line("name", s.name()) + line("description", s.description())
                    + line("allowed-tools", s.allowedTools()) + "---\n" : "") + s.body() + "\n";
        }
        if (spec instanceof HooksSpec h) {
            return hooksJson(h);
        }
        if (spec instanceof PluginSpec p) {
            ObjectNode node = JSON.createObjectNode().put("name", p.name()).put("version", "1.0.0");
            if (p.description() != null) {
                node.put("description", p.description());
            }
            return node.toPrettyString() + "\n";
        }
        MarketplaceSpec m = (MarketplaceSpec) spec;
        ObjectNode node = JSON.createObjectNode().put("name", MARKETPLACE);
        node.putObject("owner").put("name", "history");
        if (m.description() != null) {
            node.putObject("metadata").put("description", m.description());
        }
        ArrayNode plugins = node.putArray("plugins");
        PLUGINS.forEach(p -> plugins.addObject().put("name", p).put("source", "./plugins/" + p));
        return node.toPrettyString() + "\n";
    }

    static String line(String key, String value) {
        return value == null ? "" : key + ": " + value + "\n";
    }

    static String hooksJson(HooksSpec h) {
        ObjectNode events = JSON.createObjectNode();
        if (h.shape() == 4) {
            EVENTS.forEach(e -> events.putArray(e));
        } else if (h.shape() < 2) {
            for (Handler handler : h.handlers()) {
                ArrayNode groups = events.has(handler.event()) ? (ArrayNode) events.get(handler.event()) : events.putArray(handler.event());
                ObjectNode group = groups.addObject();
                if (handler.matcher() != null) {
                    group.put("matcher", handler.matcher());
                }
                group.putArray("hooks").addObject().put("type", "command").put("command", handler.command());
            }
        }
        return switch (h.shape()) {
            case 0, 4 -> JSON.createObjectNode().set("hooks", events).toPrettyString() + "\n";
            case 1 -> events.toPrettyString() + "\n";
            case 2 -> "{\"hooks\": []}\n";
            default -> "{\"hooks\": {}}\n";
        };
    }

    // ---- the expectation: each record's fields, spelled out from the catalog layout (not from hookbus's mapping) -

    record Expected(String table, String syncKey, Map<String, String> fields, String parentKey) {
    }

    static final Map<String, List<String>> OWNED = Map.of(
            "Agents", List.of("Agent Name", "File Path", "Purpose", "Model", "Color", "Tools"),
            "Commands", List.of("Command Name", "Description", "File Path", "Argument Hint", "Allowed Tools"),
            "Skills", List.of("Skill Name", "Description", "Directory Path", "Allowed Tools"),
            "Hooks", List.of("Hook Name", "Event Type", "Matcher", "Command"),
            "Plugins", List.of("Name", "Description", "Directory Path"),
            "Marketplaces", List.of("Marketplace Name", "Description", "Directory Path"));

    Map<String, Expected> expectation() {
        Map<String, Expected> out = new TreeMap<>();
        for (Map.Entry<String, Spec> e : files.entrySet()) {
            String path = e.getKey();
            String[] parts = path.split("/");
            Spec spec = e.getValue();
            String plugin = parts.length > 1 ? parts[1] : null;
            if (spec instanceof AgentSpec a) {
                String file = parts[3].replace(".md", "");
                // Claude Code reads an agent's tools from `tools:` only
                put(out, "Agents", key(plugin, "agents", file), fields("Agent Name", a.name(), "File Path", path, "Purpose", a.description(),
                        "Model", a.model(), "Color", a.color(), "Tools", a.toolsKey().equals("tools") ? a.tools() : null), MARKETPLACE + "/" + plugin);
            } else if (spec instanceof CommandSpec c) {
                String file = parts[3].replace(".md", "");
                put(out, "Commands", key(plugin, "commands", file), fields("Command Name", "/" + plugin + ":" + file, "Description",
                        c.description() != null ? c.description() : c.body().replaceFirst("^#+\\s*", ""), "File Path", path,
                        "Argument Hint", c.argumentHint(), "Allowed Tools", c.allowedTools()), MARKETPLACE + "/" + plugin);
            } else if (spec instanceof SkillSpec s) {
                String dir = parts[3];
                String name = s.frontmatter() && s.name() != null ? s.name() : dir;
                String description = s.frontmatter() && s.description() != null ? s.description() : s.body().replaceFirst("^#+\\s*", "");
                put(out, "Skills", key(plugin, "skills", dir), fields("Skill Name", name, "Description", description, "Directory Path",
                        "plugins/" + plugin + "/skills/" + dir, "Allowed Tools", s.frontmatter() ? s.allowedTools() : null), MARKETPLACE + "/" + plugin);
            } else if (spec instanceof HooksSpec h) {
                if (h.shape() < 2) {
                    for (Handler handler : h.handlers()) {
                        String matcher = handler.matcher() == null || handler.matcher().isEmpty() ? "*" : handler.matcher();
                        String name = handler.event() + ":" + matcher + ":" + sha256(handler.command()).substring(0, 8);
                        put(out, "Hooks", key(plugin, "hooks", name), fields("Hook Name", name, "Event Type", handler.event(), "Matcher", matcher,
                                "Command", handler.command()), MARKETPLACE + "/" + plugin);
                    }
                }
            } else if (spec instanceof PluginSpec p) {
                put(out, "Plugins", MARKETPLACE + "/" + plugin, fields("Name", p.name(), "Description", p.description(), "Directory Path",
                        "plugins/" + plugin), MARKETPLACE);
            } else if (spec instanceof MarketplaceSpec m) {
                put(out, "Marketplaces", MARKETPLACE, fields("Marketplace Name", MARKETPLACE, "Description", m.description(), "Directory Path", "."),
                        null);
            }
        }
        return out;
    }

    static void put(Map<String, Expected> out, String table, String key, Map<String, String> fields, String parentKey) {
        out.put(table + "|" + key, new Expected(table, key, fields, parentKey));
    }

    static String key(String plugin, String kind, String name) {
        return MARKETPLACE + "/" + plugin + "/" + kind + "/" + name;
    }

    static Map<String, String> fields(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1] == null || pairs[i + 1].isEmpty() ? null : pairs[i + 1]);
        }
        return map;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the history ---------------------------------------------------------------------------------------------

    String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    String maybe(List<String> from) {
        return random.nextInt(3) == 0 ? null : pick(from);
    }

    String tools() {
        int n = 1 + random.nextInt(3);
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < n) {
            String t = pick(TOOLS);
            if (!chosen.contains(t)) {
                chosen.add(t);
            }
        }
        return String.join(", ", chosen);
    }

    String words() {
        return "step " + (++counter) + " " + pick(List.of("reviews code", "plans work", "ships releases", "audits licences", "writes docs"));
    }

    Spec newSpec(String kind) {
        return switch (kind) {
            case "agents" -> new AgentSpec("agent-" + (++counter), words(), maybe(MODELS), maybe(COLORS), random.nextBoolean() ? tools() : null,
                    random.nextBoolean() ? "tools" : "allowed-tools");
            case "commands" -> new CommandSpec(random.nextInt(5) == 0 ? null : words(), maybe(HINTS), random.nextBoolean() ? tools() : null,
                    "# Run " + words());
            case "skills" -> random.nextInt(4) == 0 ? new SkillSpec(false, null, null, null, "# " + words())
                    : new SkillSpec(true, random.nextBoolean() ? "skill-" + (++counter) : null, words(), random.nextBoolean() ? tools() : null,
                            "Do " + words());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** One key added, removed or changed (a key removed must clear its field). */
    Spec changed(Spec spec) {
        int which = random.nextInt(4);
        if (spec instanceof AgentSpec a) {
            return switch (which) {
                case 0 -> new AgentSpec(a.name(), words(), a.model(), a.color(), a.tools(), a.toolsKey());
                case 1 -> new AgentSpec(a.name(), a.description(), a.model() == null ? pick(MODELS) : null, a.color(), a.tools(), a.toolsKey());
                case 2 -> new AgentSpec(a.name(), a.description(), a.model(), a.color() == null ? pick(COLORS) : null, a.tools(), a.toolsKey());
                default -> new AgentSpec(a.name(), a.description(), a.model(), a.color(), a.tools() == null ? tools() : null,
                        a.toolsKey().equals("tools") ? "allowed-tools" : "tools");
            };
        }
        if (spec instanceof CommandSpec c) {
            return switch (which) {
                case 0 -> new CommandSpec(c.description() == null ? words() : null, c.argumentHint(), c.allowedTools(), c.body());
                case 1 -> new CommandSpec(c.description(), c.argumentHint() == null ? pick(HINTS) : null, c.allowedTools(), c.body());
                case 2 -> new CommandSpec(c.description(), c.argumentHint(), c.allowedTools() == null ? tools() : null, c.body());
                default -> new CommandSpec(words(), c.argumentHint(), c.allowedTools(), "# Run " + words());
            };
        }
        if (spec instanceof SkillSpec s) {
            return switch (which) {
                case 0 -> new SkillSpec(!s.frontmatter(), s.frontmatter() ? null : "skill-" + (++counter), s.frontmatter() ? null : words(),
                        null, s.body());
                case 1 -> new SkillSpec(s.frontmatter(), s.name(), s.frontmatter() ? words() : null, s.allowedTools(), s.body());
                case 2 -> new SkillSpec(s.frontmatter(), s.name(), s.description(), s.frontmatter() && s.allowedTools() == null ? tools() : null,
                        s.body());
                default -> new SkillSpec(s.frontmatter(), s.name(), s.description(), s.allowedTools(), "# " + words());
            };
        }
        if (spec instanceof HooksSpec) {
            return hooks();
        }
        if (spec instanceof PluginSpec p) {
            return new PluginSpec(p.name(), random.nextInt(3) == 0 ? null : words());
        }
        return new MarketplaceSpec(random.nextInt(3) == 0 ? null : words());
    }

    HooksSpec hooks() {
        int shape = random.nextInt(10) < 7 ? random.nextInt(2) : 2 + random.nextInt(3);
        List<Handler> handlers = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String event = pick(EVENTS);
            String matcher = random.nextBoolean() ? pick(List.of("Write", "Edit|Write", "Bash")) : null;
            String command = "echo " + words();
            if (!seen.contains(event + matcher)) {
                seen.add(event + matcher);
                handlers.add(new Handler(event, matcher, command));
            }
        }
        // the generator keeps one handler per event and matcher: two in one file would share a group in rendering
        return new HooksSpec(handlers, shape);
    }

    void step() throws Exception {
        List<String> existing = files.entrySet().stream()
                .filter(e -> e.getValue() instanceof AgentSpec || e.getValue() instanceof CommandSpec || e.getValue() instanceof SkillSpec)
                .map(Map.Entry::getKey).toList();
        int roll = random.nextInt(100);
        if (existing.size() < 6 || roll < 30) {
            String plugin = pick(PLUGINS);
            String kind = pick(List.of("agents", "commands", "skills"));
            String name = "c" + (++counter);
            String path = "plugins/" + plugin + "/" + kind + "/" + (kind.equals("skills") ? name + "/SKILL.md" : name + ".md");
            apply(path, newSpec(kind));
        } else if (roll < 75) {
            String path = existing.get(random.nextInt(existing.size()));
            apply(path, changed(files.get(path)));
        } else if (roll < 82) {
            // renamed: the new file is written, the old one removed (a shell mv: no hook event)
            String path = existing.get(random.nextInt(existing.size()));
            Spec spec = files.get(path);
            String renamed = path.contains("/skills/") ? path.replaceFirst("/skills/[^/]+/", "/skills/r" + (++counter) + "/")
                    : path.replaceFirst("/[^/]+\\.md$", "/r" + (++counter) + ".md");
            delete(path);
            apply(renamed, spec);
        } else if (roll < 86) {
            delete(existing.get(random.nextInt(existing.size())));
        } else if (roll < 94) {
            apply("plugins/" + pick(PLUGINS) + "/hooks/hooks.json", hooks());
        } else if (roll < 98) {
            String plugin = pick(PLUGINS);
            apply("plugins/" + plugin + "/.claude-plugin/plugin.json", changed(files.get("plugins/" + plugin + "/.claude-plugin/plugin.json")));
        } else {
            apply(".claude-plugin/marketplace.json", changed(files.get(".claude-plugin/marketplace.json")));
        }
    }

    final List<String> deleted = new ArrayList<>();
    int sentByForwarder;
    int sentByHttp;

    void delete(String path) throws IOException {
        Path file = root.resolve(path);
        Files.deleteIfExists(file);
        if (path.endsWith("SKILL.md")) {
            Files.deleteIfExists(file.getParent());
        }
        files.remove(path);
        deleted.add(path);
    }

    void apply(String path, Spec spec) throws Exception {
        Path file = root.resolve(path);
        String before = Files.exists(file) ? Files.readString(file) : null;
        String after = render(spec);
        Files.createDirectories(file.getParent());
        Files.writeString(file, after);
        files.put(path, spec);
        deleted.remove(path);
        boolean asEdit = before != null && random.nextBoolean();
        send(claudeCodeEvent(file, before, after, asEdit));
    }

    /** The shapes of {@code shared/samples/claude-code-2.1.332}: Write with content, Edit with old/new strings and the original file. */
    static ObjectNode claudeCodeEvent(Path file, String before, String after, boolean asEdit) {
        String session = UUID.randomUUID().toString();
        ObjectNode event = JSON.createObjectNode().put("session_id", session)
                .put("transcript_path", root.getParent().resolve(".claude/" + session + ".jsonl").toString()).put("cwd", root.toString())
                .put("prompt_id", UUID.randomUUID().toString()).put("permission_mode", "default");
        event.putObject("effort").put("level", "medium");
        event.put("hook_event_name", "PostToolUse").put("tool_name", asEdit ? "Edit" : "Write");
        if (asEdit) {
            event.putObject("tool_input").put("file_path", file.toString()).put("old_string", before).put("new_string", after).put("replace_all", false);
            event.putObject("tool_response").put("filePath", file.toString()).put("oldString", before).put("newString", after)
                    .put("originalFile", before).put("userModified", false).put("replaceAll", false).putArray("structuredPatch");
        } else {
            event.putObject("tool_input").put("file_path", file.toString()).put("content", after);
            ObjectNode response = event.putObject("tool_response").put("type", before == null ? "create" : "update").put("filePath", file.toString())
                    .put("content", after);
            response.putArray("structuredPatch");
            if (before == null) {
                response.putNull("originalFile");
            } else {
                response.put("originalFile", before);
            }
            response.put("userModified", false);
        }
        event.put("tool_use_id", "toolu_" + UUID.randomUUID().toString().replace("-", "")).put("duration_ms", 3);
        return event;
    }

    void send(ObjectNode event) throws Exception {
        if ((sentByForwarder + sentByHttp) % 2 == 0) {
            sentByForwarder++;
            ProcessBuilder builder = new ProcessBuilder("sh", Packaged.checkout().resolve("claude-plugin/scripts/hookbus-forward").toString())
                    .redirectErrorStream(true);
            builder.environment().put("HOOKBUS_INGEST_URL", ingest.baseUrl());
            builder.environment().put("CLAUDE_PLUGIN_DATA", tmp.resolve("plugin-data").toString());
            builder.environment().put("CLAUDE_PROJECT_DIR", root.toString());
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                in.write(event.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } else {
            sentByHttp++;
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/hooks/claude-code"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        }
    }

    // ---- the comparison ------------------------------------------------------------------------------------------

    record Comparison(int exact, int total, int duplicates, List<String> problems) {
    }

    static List<JsonNode> records(String table) {
        return Emulated.records(emulator, table);
    }

    static Comparison compare(Map<String, Expected> expected) {
        Map<String, List<JsonNode>> live = new TreeMap<>();
        Map<String, String> idOfKey = new TreeMap<>();
        for (String table : OWNED.keySet()) {
            for (JsonNode r : records(table)) {
                String key = r.path("fields").path("Sync Key").asText("");
                if (!key.isEmpty() && !"Orphaned".equals(r.path("fields").path("Sync Status").asText())) {
                    live.computeIfAbsent(table + "|" + key, k -> new ArrayList<>()).add(r);
                    idOfKey.put(key, r.path("id").asText());
                }
            }
        }
        int exact = 0;
        int duplicates = 0;
        List<String> problems = new ArrayList<>();
        for (Expected e : expected.values()) {
            List<JsonNode> found = live.getOrDefault(e.table() + "|" + e.syncKey(), List.of());
            if (found.size() > 1) {
                duplicates += found.size() - 1;
            }
            if (found.isEmpty()) {
                problems.add("missing " + e.syncKey());
                continue;
            }
            JsonNode fields = found.get(0).path("fields");
            List<String> wrong = new ArrayList<>();
            for (String field : OWNED.get(e.table())) {
                String want = e.fields().get(field);
                String got = fields.has(field) && !fields.get(field).isNull() && !fields.get(field).asText().isEmpty() ? fields.get(field).asText() : null;
                if (!java.util.Objects.equals(want, got)) {
                    wrong.add(field + ": " + got + " -> " + want);
                }
            }
            if (!"Synced".equals(fields.path("Sync Status").asText())) {
                wrong.add("Sync Status: " + fields.path("Sync Status").asText());
            }
            if (e.parentKey() != null) {
                String link = fields.path(e.table().equals("Plugins") ? "Marketplace Link" : "Plugin").toString();
                if (!link.equals("[\"" + idOfKey.get(e.parentKey()) + "\"]")) {
                    wrong.add("parent link " + link + " -> " + e.parentKey());
                }
            }
            if (wrong.isEmpty()) {
                exact++;
            } else {
                problems.add(e.syncKey() + ": " + wrong);
            }
        }
        // nothing live beyond the expectation: a record of a removed key must not pass as current
        for (String liveKey : live.keySet()) {
            if (!expected.containsKey(liveKey)) {
                problems.add("unexpected live record " + liveKey);
            }
        }
        return new Comparison(exact, expected.size(), duplicates, problems);
    }

    @Test
    void aGeneratedMarketplaceHistoryEndsExactFieldByFieldAndTheValidatorAgrees() throws Exception {
        int steps = Integer.getInteger("hookbus.history.steps", 300);
        apply(".claude-plugin/marketplace.json", new MarketplaceSpec("the history marketplace"));
        for (String plugin : PLUGINS) {
            apply("plugins/" + plugin + "/.claude-plugin/plugin.json", new PluginSpec(plugin, "plugin " + plugin));
        }
        for (int i = 0; i < steps; i++) {
            step();
        }
        // what the events alone can bring: every live component exact, except records of removed files (no event says so)
        Map<String, Expected> expected = expectation();
        Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> compare(expected).problems().stream()
                .allMatch(p -> p.startsWith("unexpected live record")));

        // the validator on the final tree: exit 0, the removed files' records Orphaned
        ProcessBuilder validator = new ProcessBuilder(Packaged.checkout().resolve("bin/validator").toString(), "check", "--auto-sync", "--wait",
                root.getParent().toString()).redirectErrorStream(true);
        validator.environment().putAll(Map.of("AIRTABLE_API_URL", emulator.apiUrl(), "AIRTABLE_TOKEN", AirtableEmulatorProcess.TOKEN,
                "KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers()));
        Process process = validator.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        Comparison result = compare(expected);
        System.out.printf("history replay: %d/%d components exact, %d duplicates (%d steps: %d events through the forwarder, %d as the http hook)%n",
                result.exact(), result.total(), result.duplicates(), steps, sentByForwarder, sentByHttp);
        assertThat(result.problems()).as("records that differ from the generator's model").isEmpty();
        assertThat(result.exact()).isEqualTo(result.total());
        assertThat(result.duplicates()).isZero();
        // every removed file's records are Orphaned
        for (String path : deleted) {
            String[] parts = path.split("/");
            String table = parts[2].equals("agents") ? "Agents" : parts[2].equals("commands") ? "Commands" : "Skills";
            String name = parts[2].equals("skills") ? parts[3] : parts[3].replace(".md", "");
            String key = key(parts[1], parts[2], name);
            assertThat(records(table).stream().filter(r -> r.path("fields").path("Sync Key").asText().equals(key)))
                    .as(key).allSatisfy(r -> assertThat(r.path("fields").path("Sync Status").asText()).isEqualTo("Orphaned"));
        }
    }
}
