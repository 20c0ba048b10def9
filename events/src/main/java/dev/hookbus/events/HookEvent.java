package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One Claude Code hook event as hook-ingest accepted it; published on {@link Topic#HOOK_EVENTS} keyed by
 * {@link #projectRoot()}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param eventId see {@link EventIds#forHook}
 * @param capturedAt when the hook fired, stamped by the forwarder; absent for native http hooks
 * @param receivedAt stamped by hook-ingest
 * @param source which door the event came through
 * @param projectRoot {@code CLAUDE_PROJECT_DIR} sent by the forwarder, else the hook's {@code cwd}
 * @param hookEventName {@code hook_event_name}, verbatim (unknown names are kept)
 * @param toolName {@code tool_name} when the event has one
 * @param sessionId {@code session_id}
 * @param toolUseId {@code tool_use_id} when the event has one
 * @param filePaths normalised absolute paths the event touches (may be empty)
 * @param hook the original hook JSON, unknown fields included; an Edit's {@code tool_response.originalFile} is
 *        dropped when a snapshot is attached
 * @param snapshot the file as the forwarder read it after the tool ran (optional)
 * @param idempotencyKey the forwarder's {@code Idempotency-Key} (optional)
 */
public record HookEvent(
        int schemaVersion,
        String eventId,
        Instant capturedAt,
        Instant receivedAt,
        Source source,
        String projectRoot,
        String hookEventName,
        String toolName,
        String sessionId,
        String toolUseId,
        List<String> filePaths,
        JsonNode hook,
        FileSnapshot snapshot,
        String idempotencyKey) {

    public static final int SCHEMA_VERSION = 1;

    public HookEvent {
        filePaths = filePaths == null ? List.of() : List.copyOf(filePaths);
    }

    /** {@code Source Time} of ARCHITECTURE.md: capturedAt, else receivedAt. */
    @JsonIgnore
    public Instant sourceTime() {
        return capturedAt != null ? capturedAt : receivedAt;
    }

    public enum Source {
        /** Claude Code's native {@code http} hook. */
        HTTP_HOOK,
        /** The plugin's command-hook forwarder (with spool). */
        FORWARDER,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
