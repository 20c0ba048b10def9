package dev.hookbus.ingest.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.FileSnapshot;
import dev.hookbus.events.HookEvent;
import dev.hookbus.ingest.rest.IngestException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a hook JSON and stamps it into a {@link HookEvent}: what is accepted is exactly what is published. */
public final class HookEventFactory {
    private static final List<String> REQUIRED = List.of("hook_event_name", "session_id", "cwd");
    private static final List<String> OPTIONAL_STRINGS = List.of("tool_name", "tool_use_id", "transcript_path", "permission_mode");
    private static final List<String> OPTIONAL_OBJECTS = List.of("tool_input", "tool_response");
    private static final List<String> PATH_FIELDS = List.of("file_path", "notebook_path");

    private final ObjectMapper json;

    public HookEventFactory(int maxNestingDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build()).build();
        this.json = new ObjectMapper(factory);
    }

    /** Parses the hook JSON (UTF-8 bytes) into an object, with the checks of the issue. */
    public ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            throw IngestException.badRequest("EMPTY_BODY", "the request body is empty; send the hook JSON", Map.of());
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw IngestException.badRequest("TOO_DEEP", "the hook JSON is nested too deeply", Map.of("maxNestingDepth", e.getMessage()
                    .replaceAll("\\D+", " ").trim().split(" ")[0]));
        } catch (CharConversionException e) {
            throw IngestException.badRequest("INVALID_UTF8", "the body is not valid UTF-8", Map.of());
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.toLowerCase().contains("utf-8")) {
                throw IngestException.badRequest("INVALID_UTF8", "the body is not valid UTF-8", Map.of());
            }
            throw IngestException.badRequest("INVALID_JSON", "the body is not valid JSON", Map.of("line",
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "column", e.getLocation() == null ? 0 : e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw IngestException.badRequest("INVALID_JSON", "the body is not valid JSON", Map.of());
        }
        if (node == null || !node.isObject()) {
            throw IngestException.badRequest("NOT_AN_OBJECT", "the hook JSON must be an object", Map.of());
        }
        ObjectNode hook = (ObjectNode) node;
        for (String field : REQUIRED) {
            JsonNode value = hook.get(field);
            if (value == null || value.isNull()) {
                throw IngestException.badRequest("MISSING_FIELD", "required field '" + field + "' is missing", Map.of("field", field));
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw IngestException.badRequest("INVALID_FIELD_TYPE", "field '" + field + "' must be a non-empty string",
                        Map.of("field", field));
            }
        }
        for (String field : OPTIONAL_STRINGS) {
            JsonNode value = hook.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw IngestException.badRequest("INVALID_FIELD_TYPE", "field '" + field + "' must be a string", Map.of("field", field));
            }
        }
        for (String field : OPTIONAL_OBJECTS) {
            JsonNode value = hook.get(field);
            if (value != null && !value.isNull() && !value.isObject()) {
                throw IngestException.badRequest("INVALID_FIELD_TYPE", "field '" + field + "' must be an object", Map.of("field", field));
            }
        }
        if (!absolute(hook.get("cwd").asText())) {
            throw IngestException.badRequest("INVALID_PATH", "field 'cwd' must be an absolute path", Map.of("field", "cwd"));
        }
        return hook;
    }

    /**
     * Builds the envelope.
     *
     * @param projectDir {@code CLAUDE_PROJECT_DIR} from the forwarder, or null
     * @param capturedAt when the hook fired (forwarder), or null
     * @param snapshot the file as the forwarder read it, or null
     */
    public HookEvent stamp(ObjectNode hook, HookEvent.Source source, String projectDir, Instant capturedAt, FileSnapshot snapshot,
            String idempotencyKey, Instant receivedAt) {
        String cwd = hook.get("cwd").asText();
        String projectRoot = projectDir == null || projectDir.isBlank() ? cwd : projectDir;
        if (!absolute(projectRoot)) {
            throw IngestException.badRequest("INVALID_PATH", "the project directory must be an absolute path", Map.of("field", "projectDir"));
        }
        projectRoot = Path.of(projectRoot).normalize().toString();
        List<String> paths = filePaths(hook, cwd);
        if (snapshot != null) {
            JsonNode response = hook.get("tool_response");
            if (response instanceof ObjectNode r) {
                // the snapshot supersedes it, and it can be as large as the file
                r.remove("originalFile");
            }
        }
        String sessionId = hook.get("session_id").asText();
        String toolUseId = hook.path("tool_use_id").asText(null);
        String eventName = hook.get("hook_event_name").asText();
        return new HookEvent(HookEvent.SCHEMA_VERSION, EventIds.forHook(sessionId, toolUseId, eventName), capturedAt, receivedAt, source,
                projectRoot, eventName, hook.path("tool_name").asText(null), sessionId, toolUseId, paths, hook, snapshot, idempotencyKey);
    }

    /** Absolute normalised paths the event touches; a relative path that climbs out of cwd is refused. */
    static List<String> filePaths(JsonNode hook, String cwd) {
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode container : new JsonNode[] {hook.get("tool_input"), hook.get("tool_response")}) {
            if (container == null || !container.isObject()) {
                continue;
            }
            for (String field : PATH_FIELDS) {
                JsonNode value = container.get(field);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    paths.add(normalisePath(value.asText(), cwd, field));
                }
            }
            JsonNode camel = container.get("filePath");
            if (camel != null && camel.isTextual() && !camel.asText().isBlank()) {
                paths.add(normalisePath(camel.asText(), cwd, "filePath"));
            }
        }
        return new ArrayList<>(paths);
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
                throw IngestException.badRequest("PATH_ESCAPES", "field '" + field + "' climbs out of cwd with '..'", Map.of("field", field));
            }
            return resolved.toString();
        } catch (InvalidPathException e) {
            throw IngestException.badRequest("INVALID_PATH", "field '" + field + "' is not a valid path", Map.of("field", field));
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
