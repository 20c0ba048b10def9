package dev.hookbus.ingest.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.FileSnapshot;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.RawJson;
import dev.hookbus.ingest.hook.ParsedHook.PathField;
import dev.hookbus.kit.rest.ApiException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a hook JSON and stamps it into a {@link HookEvent}: what is accepted is exactly what is published. */
public final class HookEventFactory {
    private static final List<String> REQUIRED = List.of("hook_event_name", "session_id", "cwd");
    private static final List<String> OPTIONAL_STRINGS = List.of("tool_name", "tool_use_id", "transcript_path", "permission_mode");
    private static final List<String> OPTIONAL_OBJECTS = List.of("tool_input", "tool_response");

    private static final Set<String> TEXT_FIELDS = Set.of("hook_event_name", "session_id", "cwd", "tool_name", "tool_use_id");

    private final ObjectMapper json;
    private final int maxNestingDepth;

    public HookEventFactory(int maxNestingDepth) {
        this.maxNestingDepth = maxNestingDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build()).build();
        this.json = new ObjectMapper(factory);
    }

    /**
     * Checks the hook JSON (UTF-8 bytes) in one streaming pass: one object and nothing after it, the nesting bound,
     * valid UTF-8 (also inside strings it does not read), required and typed fields. Nothing is decoded that is not
     * needed: the document is published as it came.
     */
    public ParsedHook parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("EMPTY_BODY", "the request body is empty; send the hook JSON", Map.of());
        }
        try (JsonParser parser = json.createParser(body)) {
            return scan(parser, body);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("TOO_DEEP", "the hook JSON is nested too deeply", Map.of("maxNestingDepth", maxNestingDepth));
        } catch (CharConversionException e) {
            throw ApiException.badRequest("INVALID_UTF8", "the body is not valid UTF-8", Map.of());
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.toLowerCase().contains("utf-8")) {
                throw ApiException.badRequest("INVALID_UTF8", "the body is not valid UTF-8", Map.of());
            }
            throw ApiException.badRequest("INVALID_JSON", "the body is not valid JSON", Map.of("line",
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "column", e.getLocation() == null ? 0 : e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw ApiException.badRequest("INVALID_JSON", "the body is not valid JSON", Map.of());
        }
    }

    private ParsedHook scan(JsonParser parser, byte[] body) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            skipRest(parser);
            throw ApiException.badRequest("NOT_AN_OBJECT", "the hook JSON must be an object", Map.of());
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        Map<String, JsonToken> kinds = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        List<PathField> inputPaths = List.of();
        List<PathField> responsePaths = List.of();
        String inputFilePath = null;
        boolean originalFile = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            kinds.put(name, value);
            switch (name) {
                case "tool_input", "tool_response" -> {
                    Container container = value == JsonToken.START_OBJECT ? container(parser) : Container.NONE;
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                    }
                    if (name.equals("tool_input")) {
                        inputPaths = container.paths();
                        inputFilePath = container.filePath();
                    } else {
                        responsePaths = container.paths();
                        originalFile = container.originalFile();
                    }
                }
                default -> {
                    if (value == JsonToken.VALUE_STRING && TEXT_FIELDS.contains(name)) {
                        texts.put(name, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        int end = (int) parser.currentLocation().getByteOffset();
        if (parser.nextToken() != null) {
            throw ApiException.badRequest("INVALID_JSON", "the body holds more than one JSON value", Map.of());
        }
        for (String field : REQUIRED) {
            JsonToken kind = kinds.get(field);
            if (kind == null || kind == JsonToken.VALUE_NULL) {
                throw ApiException.badRequest("MISSING_FIELD", "required field '" + field + "' is missing", Map.of("field", field));
            }
            if (kind != JsonToken.VALUE_STRING || texts.get(field).isBlank()) {
                throw ApiException.badRequest("INVALID_FIELD_TYPE", "field '" + field + "' must be a non-empty string",
                        Map.of("field", field));
            }
        }
        for (String field : OPTIONAL_STRINGS) {
            JsonToken kind = kinds.get(field);
            if (kind != null && kind != JsonToken.VALUE_NULL && kind != JsonToken.VALUE_STRING) {
                throw ApiException.badRequest("INVALID_FIELD_TYPE", "field '" + field + "' must be a string", Map.of("field", field));
            }
        }
        for (String field : OPTIONAL_OBJECTS) {
            JsonToken kind = kinds.get(field);
            if (kind != null && kind != JsonToken.VALUE_NULL && kind != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("INVALID_FIELD_TYPE", "field '" + field + "' must be an object", Map.of("field", field));
            }
        }
        // the envelope repeats these (its own fields, a header, the list of paths): a body under the limit with a
        // megabyte in one of them made a record over Kafka's 2 MiB and a 503 for a request that can never succeed
        for (Map.Entry<String, String> text : texts.entrySet()) {
            checkLength(text.getKey(), text.getValue(), text.getKey().equals("cwd") ? MAX_PATH_CHARS : MAX_NAME_CHARS);
        }
        for (List<PathField> found : List.of(inputPaths, responsePaths)) {
            for (PathField path : found) {
                checkLength(path.field(), path.path(), MAX_PATH_CHARS);
            }
        }
        String cwd = texts.get("cwd");
        if (!absolute(cwd)) {
            throw ApiException.badRequest("INVALID_PATH", "field 'cwd' must be an absolute path", Map.of("field", "cwd"));
        }
        return new ParsedHook(body, start, end, texts.get("hook_event_name"), texts.get("session_id"), cwd, texts.get("tool_name"),
                texts.get("tool_use_id"), inputPaths, responsePaths, inputFilePath, originalFile);
    }

    /** Longest session id, tool name, tool use id or event name accepted (Claude Code's are under 100 characters). */
    static final int MAX_NAME_CHARS = 256;
    /** Longest path accepted (Linux's PATH_MAX). */
    static final int MAX_PATH_CHARS = 4096;

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' is " + value.length() + " characters long, over the limit of " + max,
                    Map.of("field", field, "limitChars", max));
        }
    }

    private record Container(List<PathField> paths, String filePath, boolean originalFile) {
        static final Container NONE = new Container(List.of(), null, false);
    }

    /** Reads one object's path fields (the parser is on its START_OBJECT) and skips everything else in it. */
    private static Container container(JsonParser parser) throws IOException {
        String filePath = null;
        String notebookPath = null;
        String camelFilePath = null;
        boolean originalFile = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            boolean text = value == JsonToken.VALUE_STRING;
            switch (name) {
                case "file_path" -> filePath = text ? parser.getText() : null;
                case "notebook_path" -> notebookPath = text ? parser.getText() : null;
                case "filePath" -> camelFilePath = text ? parser.getText() : null;
                case "originalFile" -> originalFile = true;
                default -> { }
            }
            parser.skipChildren();
        }
        List<PathField> paths = new ArrayList<>(3);
        String[][] found = {{"file_path", filePath}, {"notebook_path", notebookPath}, {"filePath", camelFilePath}};
        for (String[] field : found) {
            if (field[1] != null && !field[1].isBlank()) {
                paths.add(new PathField(field[0], field[1]));
            }
        }
        return new Container(paths, filePath, originalFile);
    }

    /** Reads to the end so a malformed document is reported as such rather than as the wrong type. */
    private static void skipRest(JsonParser parser) throws IOException {
        parser.skipChildren();
        while (parser.nextToken() != null) {
            parser.skipChildren();
        }
    }

    /**
     * Builds the envelope. The hook is published as it came, except that an Edit's {@code tool_response.originalFile}
     * is dropped when a snapshot is attached: the snapshot supersedes it, and it can be as large as the file.
     *
     * @param projectDir {@code CLAUDE_PROJECT_DIR} from the forwarder, or null
     * @param capturedAt when the hook fired (forwarder), or null
     * @param snapshot the file as the forwarder read it, or null
     */
    public HookEvent stamp(ParsedHook hook, HookEvent.Source source, String projectDir, Instant capturedAt, FileSnapshot snapshot,
            String idempotencyKey, Instant receivedAt) {
        String cwd = hook.cwd();
        String projectRoot = projectDir == null || projectDir.isBlank() ? cwd : projectDir;
        if (!absolute(projectRoot)) {
            throw ApiException.badRequest("INVALID_PATH", "the project directory must be an absolute path", Map.of("field", "projectDir"));
        }
        projectRoot = Path.of(projectRoot).normalize().toString();
        Set<String> paths = new LinkedHashSet<>();
        addPaths(paths, hook.toolInputPaths(), cwd);
        addPaths(paths, hook.toolResponsePaths(), cwd);
        JsonNode payload = snapshot != null && hook.hasOriginalFile() ? withoutOriginalFile(hook)
                : RawJson.node(hook.body(), hook.start(), hook.end() - hook.start());
        String eventName = hook.hookEventName();
        return new HookEvent(HookEvent.SCHEMA_VERSION, EventIds.forHook(hook.sessionId(), hook.toolUseId(), eventName), capturedAt, receivedAt,
                source, projectRoot, eventName, hook.toolName(), hook.sessionId(), hook.toolUseId(), new ArrayList<>(paths), payload, snapshot,
                idempotencyKey);
    }

    private JsonNode withoutOriginalFile(ParsedHook hook) {
        try {
            ObjectNode tree = (ObjectNode) json.readTree(hook.body(), hook.start(), hook.end() - hook.start());
            ((ObjectNode) tree.get("tool_response")).remove("originalFile");
            return tree;
        } catch (IOException e) {
            throw new IllegalStateException("a checked hook JSON failed to parse again", e);
        }
    }

    private static void addPaths(Set<String> paths, List<PathField> found, String cwd) {
        for (PathField path : found) {
            paths.add(normalisePath(path.path(), cwd, path.field()));
        }
    }

    /** An absolute normalised path; a relative one resolves against cwd and may not climb out of it. */
    public static String normalisePath(String raw, String cwd, String field) {
        try {
            Path path = Path.of(raw);
            if (path.isAbsolute()) {
                return path.normalize().toString();
            }
            Path base = Path.of(cwd).normalize();
            Path resolved = base.resolve(path).normalize();
            if (!resolved.startsWith(base)) {
                throw ApiException.badRequest("PATH_ESCAPES", "field '" + field + "' climbs out of cwd with '..'", Map.of("field", field));
            }
            return resolved.toString();
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("INVALID_PATH", "field '" + field + "' is not a valid path", Map.of("field", field));
        }
    }

    private static boolean absolute(String path) {
        try {
            return path.indexOf('\0') < 0 && Path.of(path).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
