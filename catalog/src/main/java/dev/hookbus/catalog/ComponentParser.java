package dev.hookbus.catalog;

import static dev.hookbus.catalog.Component.Fields.ALLOWED_TOOLS;
import static dev.hookbus.catalog.Component.Fields.ARGUMENT_HINT;
import static dev.hookbus.catalog.Component.Fields.COLOR;
import static dev.hookbus.catalog.Component.Fields.COMMAND;
import static dev.hookbus.catalog.Component.Fields.DESCRIPTION;
import static dev.hookbus.catalog.Component.Fields.EVENT;
import static dev.hookbus.catalog.Component.Fields.MATCHER;
import static dev.hookbus.catalog.Component.Fields.MODEL;
import static dev.hookbus.catalog.Component.Fields.NAME;
import static dev.hookbus.catalog.Component.Fields.PATH;
import static dev.hookbus.catalog.Component.Fields.TIMEOUT;
import static dev.hookbus.catalog.Component.Fields.TOOLS;
import static dev.hookbus.catalog.Component.Fields.TYPE;
import static dev.hookbus.catalog.Component.Fields.VERSION;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fields of a catalog file from its text alone: nobody reads the user's disk, so an event on one machine and a disk
 * scan on another produce identical values. A file is Invalid only when nothing can be produced.
 */
public final class ComponentParser {
    /** Files larger than this are Invalid and never read. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComponentParser() {
    }

    /** Parses the file at {@code relativePath} (relative to the marketplace root) of marketplace {@code marketplace}. */
    public static List<Component> parse(String marketplace, String relativePath, String content) {
        ComponentFile file = ComponentFile.locate(marketplace, relativePath)
                .orElseThrow(() -> new IllegalArgumentException(relativePath + " is not a catalog file"));
        return parse(file, content);
    }

    /** Parses raw bytes: over {@link #MAX_BYTES} or not UTF-8 gives one Invalid entry. */
    public static List<Component> parse(ComponentFile file, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return List.of(invalid(file, "file is " + bytes.length + " bytes, over the 1 MiB limit"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return List.of(invalid(file, "file is not valid UTF-8 text"));
        }
        return parse(file, text);
    }

    public static List<Component> parse(ComponentFile file, String content) {
        // a UTF-8 char is at most 3 bytes per UTF-16 unit: only long texts need counting
        if ((long) content.length() * 3 > MAX_BYTES && content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return List.of(invalid(file, "file is over the 1 MiB limit"));
        }
        String text = Frontmatter.normalize(content);
        return switch (file.role()) {
            case AGENT -> List.of(agent(file, text));
            case COMMAND -> List.of(command(file, text));
            case SKILL -> List.of(skill(file, text));
            case HOOKS -> hooks(file, text);
            case PLUGIN_MANIFEST -> List.of(pluginManifest(file, text));
            case MARKETPLACE_MANIFEST -> List.of(marketplaceManifest(file, text));
        };
    }

    /** A plugin record from its key alone (a plugin without a readable manifest). */
    public static Component pluginFromKey(String marketplace, String plugin) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(NAME, plugin);
        fields.put(PATH, "plugins/" + plugin);
        return new Component(ComponentKind.PLUGIN, marketplace, plugin, plugin, SyncKeys.plugin(marketplace, plugin),
                "plugins/" + plugin, fields, List.of(), null);
    }

    /** A marketplace record from its key alone (no readable marketplace.json). */
    public static Component marketplaceFromKey(String marketplace) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(NAME, marketplace);
        fields.put(PATH, ".");
        return new Component(ComponentKind.MARKETPLACE, marketplace, null, marketplace, SyncKeys.marketplace(marketplace), ".",
                fields, List.of(), null);
    }

    private static Component agent(ComponentFile file, String text) {
        Frontmatter.Result fm = Frontmatter.parse(text);
        List<ParseWarning> warnings = new ArrayList<>(fm.warnings());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(NAME, required(fm, NAME, file.name(), warnings));
        fields.put(DESCRIPTION, required(fm, DESCRIPTION, "", warnings));
        fields.put(PATH, file.relativePath());
        putIfPresent(fields, MODEL, fm.values().get(MODEL));
        putIfPresent(fields, COLOR, fm.values().get(COLOR));
        putIfPresent(fields, TOOLS, fm.values().get(TOOLS));
        return component(file, ComponentKind.AGENT, fields, warnings);
    }

    private static Component command(ComponentFile file, String text) {
        Frontmatter.Result fm = Frontmatter.parse(text);
        List<ParseWarning> warnings = new ArrayList<>(fm.warnings());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(NAME, file.name());
        String description = fm.values().get(DESCRIPTION);
        if (description == null || description.isBlank()) {
            // Claude Code shows the first line of the body when there is no description
            description = firstBodyLine(fm.body());
        }
        fields.put(DESCRIPTION, description);
        fields.put(PATH, file.relativePath());
        putIfPresent(fields, ARGUMENT_HINT, fm.values().get(ARGUMENT_HINT));
        putIfPresent(fields, ALLOWED_TOOLS, fm.values().get(ALLOWED_TOOLS));
        putIfPresent(fields, MODEL, fm.values().get(MODEL));
        return component(file, ComponentKind.COMMAND, fields, warnings);
    }

    private static Component skill(ComponentFile file, String text) {
        Frontmatter.Result fm = Frontmatter.parse(text);
        List<ParseWarning> warnings = new ArrayList<>(fm.warnings());
        Map<String, String> fields = new LinkedHashMap<>();
        String name = fm.values().get(NAME);
        fields.put(NAME, name == null || name.isBlank() ? file.name() : name);
        String description = fm.values().get(DESCRIPTION);
        fields.put(DESCRIPTION, description == null || description.isBlank() ? firstBodyLine(fm.body()) : description);
        fields.put(PATH, "plugins/" + file.plugin() + "/skills/" + file.name());
        putIfPresent(fields, ALLOWED_TOOLS, fm.values().get(ALLOWED_TOOLS));
        return component(file, ComponentKind.SKILL, fields, warnings);
    }

    private static Component pluginManifest(ComponentFile file, String text) {
        Component base = pluginFromKey(file.marketplace(), file.plugin());
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>(base.fields());
        Optional<JsonNode> json = readJsonObject(text, warnings);
        json.ifPresent(node -> {
            putIfPresent(fields, NAME, textOf(node.get("name")));
            putIfPresent(fields, DESCRIPTION, textOf(node.get("description")));
            putIfPresent(fields, VERSION, textOf(node.get("version")));
        });
        return new Component(ComponentKind.PLUGIN, file.marketplace(), file.plugin(), file.plugin(), file.syncKey(),
                file.relativePath(), fields, warnings, null);
    }

    private static Component marketplaceManifest(ComponentFile file, String text) {
        Component base = marketplaceFromKey(file.marketplace());
        List<ParseWarning> warnings = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>(base.fields());
        readJsonObject(text, warnings).ifPresent(node -> {
            String description = textOf(node.get("description"));
            if (description == null) {
                description = textOf(node.path("metadata").get("description"));
            }
            putIfPresent(fields, DESCRIPTION, description);
        });
        return new Component(ComponentKind.MARKETPLACE, file.marketplace(), null, file.marketplace(), file.syncKey(),
                file.relativePath(), fields, warnings, null);
    }

    /** Every handler of a hooks.json, in every shape seen in real marketplaces. */
    private static List<Component> hooks(ComponentFile file, String text) {
        if (text.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return List.of(invalid(file, "hooks.json is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        if (root == null || !root.isObject()) {
            return List.of(invalid(file, "hooks.json is not a JSON object"));
        }
        List<ParseWarning> fileWarnings = new ArrayList<>();
        JsonNode events = root.get("hooks");
        if (events == null) {
            // some plugins put the event map at the top level
            events = root;
            if (root.fieldNames().hasNext()) {
                fileWarnings.add(new ParseWarning("NO_HOOKS_KEY", 0, "hooks.json has no \"hooks\" key; read its top level as the event map"));
            }
        }
        if (events.isArray() || !events.isObject()) {
            return List.of();
        }
        List<Component> handlers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> event = it.next();
            if (!event.getValue().isArray()) {
                continue;
            }
            for (JsonNode group : event.getValue()) {
                String matcher = textOf(group.get("matcher"));
                JsonNode inner = group.get("hooks");
                if (inner == null || !inner.isArray()) {
                    continue;
                }
                for (JsonNode handler : inner) {
                    String type = Optional.ofNullable(textOf(handler.get("type"))).orElse("command");
                    String command = textOf(handler.get("command"));
                    if (command == null) {
                        command = Optional.ofNullable(textOf(handler.get("url"))).orElse(textOf(handler.get("prompt")));
                    }
                    if (command == null) {
                        command = "";
                    }
                    String name = hookName(event.getKey(), matcher, command);
                    List<ParseWarning> warnings = new ArrayList<>(fileWarnings);
                    if (!seen.add(name)) {
                        continue;
                    }
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put(NAME, name);
                    fields.put(EVENT, event.getKey());
                    fields.put(MATCHER, matcher == null || matcher.isEmpty() ? "*" : matcher);
                    fields.put(TYPE, type);
                    fields.put(COMMAND, command);
                    putIfPresent(fields, TIMEOUT, textOf(handler.get("timeout")));
                    fields.put(PATH, file.relativePath());
                    handlers.add(new Component(ComponentKind.HOOK, file.marketplace(), file.plugin(), name,
                            SyncKeys.component(file.marketplace(), file.plugin(), ComponentKind.HOOK, name), file.relativePath(),
                            fields, warnings, null));
                }
            }
        }
        return handlers;
    }

    /** {@code <EventType>:<matcher or *>:<first 8 hex of sha256(command)>}: reordering entries changes nothing. */
    public static String hookName(String eventType, String matcher, String command) {
        String m = matcher == null || matcher.isEmpty() ? "*" : matcher;
        return eventType + ":" + m + ":" + ContentHash.sha256(command).substring(0, 8);
    }

    private static Component invalid(ComponentFile file, String reason) {
        ComponentKind kind = switch (file.role()) {
            case AGENT -> ComponentKind.AGENT;
            case COMMAND -> ComponentKind.COMMAND;
            case SKILL -> ComponentKind.SKILL;
            case HOOKS -> ComponentKind.HOOK;
            case PLUGIN_MANIFEST -> ComponentKind.PLUGIN;
            case MARKETPLACE_MANIFEST -> ComponentKind.MARKETPLACE;
        };
        String name = file.name() != null ? file.name() : file.role() == ComponentFile.Role.HOOKS ? "hooks.json"
                : file.plugin() != null ? file.plugin() : file.marketplace();
        return new Component(kind, file.marketplace(), file.plugin(), name, file.syncKey(), file.relativePath(), Map.of(),
                List.of(), reason);
    }

    private static Component component(ComponentFile file, ComponentKind kind, Map<String, String> fields, List<ParseWarning> warnings) {
        return new Component(kind, file.marketplace(), file.plugin(), file.name(), file.syncKey(), file.relativePath(), fields,
                warnings, null);
    }

    private static String required(Frontmatter.Result fm, String key, String fallback, List<ParseWarning> warnings) {
        String value = fm.values().get(key);
        if (value == null || value.isBlank()) {
            warnings.add(new ParseWarning("MISSING_FIELD", fm.present() ? 1 : 0, "frontmatter has no '" + key + "'"
                    + (fallback.isEmpty() ? "" : "; using '" + fallback + "'")));
            return fallback;
        }
        return value;
    }

    private static void putIfPresent(Map<String, String> fields, String key, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(key, value);
        }
    }

    private static String firstBodyLine(String body) {
        for (String line : body.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                return t.startsWith("#") ? t.replaceFirst("^#+\\s*", "") : t;
            }
        }
        return "";
    }

    private static Optional<JsonNode> readJsonObject(String text, List<ParseWarning> warnings) {
        if (text.isBlank()) {
            warnings.add(new ParseWarning("EMPTY_MANIFEST", 0, "manifest is empty"));
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
            warnings.add(new ParseWarning("NOT_AN_OBJECT", 0, "manifest is not a JSON object"));
        } catch (JsonProcessingException e) {
            warnings.add(new ParseWarning("NOT_JSON", e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "manifest is not valid JSON: " + e.getOriginalMessage()));
        }
        return Optional.empty();
    }

    private static String textOf(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }
}
