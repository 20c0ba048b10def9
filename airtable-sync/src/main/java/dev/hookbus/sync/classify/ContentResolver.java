package dev.hookbus.sync.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.events.HookEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text of a file after the tool ran, from the event alone (consumers never read the user's disk), in ARCHITECTURE.md's
 * order: the forwarder's snapshot; a Write's {@code tool_input.content}; an Edit's {@code tool_response.originalFile}
 * with the edit applied (only when {@code old_string} occurs as claimed). Otherwise nothing: the event is unresolved.
 */
public final class ContentResolver {
    private ContentResolver() {
    }

    public static Optional<String> resolve(HookEvent event, String path) {
        if (event.snapshot() != null && path.equals(event.snapshot().path()) && event.snapshot().content() != null) {
            return Optional.of(event.snapshot().content());
        }
        JsonNode hook = event.hook();
        if (hook == null) {
            return Optional.empty();
        }
        JsonNode input = hook.path("tool_input");
        String tool = event.toolName() == null ? "" : event.toolName();
        if (tool.equals("Write") && input.path("content").isTextual()) {
            return Optional.of(input.path("content").asText());
        }
        JsonNode original = hook.path("tool_response").path("originalFile");
        if (!original.isTextual()) {
            return Optional.empty();
        }
        String text = original.asText();
        if (tool.equals("Edit")) {
            return applyEdit(text, input);
        }
        if (tool.equals("MultiEdit") && input.path("edits").isArray()) {
            Optional<String> current = Optional.of(text);
            for (JsonNode edit : input.path("edits")) {
                current = current.flatMap(t -> applyEdit(t, edit));
            }
            return current;
        }
        return Optional.empty();
    }

    /** The file as it was before the tool ran, when the tool reported it ({@code tool_response.originalFile}). */
    public static Optional<String> original(HookEvent event, String path) {
        JsonNode response = event.hook() == null ? null : event.hook().path("tool_response");
        if (response == null || !response.path("originalFile").isTextual()) {
            return Optional.empty();
        }
        String reported = response.path("filePath").asText(path);
        return reported.equals(path) ? Optional.of(response.path("originalFile").asText()) : Optional.empty();
    }

    /** Claude Code's Edit: old_string must occur (exactly once unless replace_all). */
    static Optional<String> applyEdit(String text, JsonNode edit) {
        if (!edit.path("old_string").isTextual() || !edit.path("new_string").isTextual()) {
            return Optional.empty();
        }
        String oldString = edit.path("old_string").asText();
        String newString = edit.path("new_string").asText();
        boolean all = edit.path("replace_all").asBoolean(false);
        if (oldString.isEmpty()) {
            return text.isEmpty() ? Optional.of(newString) : Optional.empty();
        }
        List<Integer> at = new ArrayList<>();
        for (int i = text.indexOf(oldString); i >= 0; i = text.indexOf(oldString, i + oldString.length())) {
            at.add(i);
        }
        if (at.isEmpty() || (!all && at.size() > 1)) {
            return Optional.empty();
        }
        return Optional.of(all ? text.replace(oldString, newString) : text.substring(0, at.get(0)) + newString
                + text.substring(at.get(0) + oldString.length()));
    }
}
