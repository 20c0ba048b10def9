package dev.hookbus.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The event-id rule of ARCHITECTURE.md. */
public final class EventIds {
    private EventIds() {
    }

    /**
     * Deterministic from {@code session_id} + {@code tool_use_id} + {@code hook_event_name} when all three are
     * present, so a retried http hook and the forwarder's replay of the same event are one event; else a new
     * random UUID.
     */
    public static String forHook(String sessionId, String toolUseId, String hookEventName) {
        if (isBlank(sessionId) || isBlank(toolUseId) || isBlank(hookEventName)) {
            return UUID.randomUUID().toString();
        }
        // length-prefixed so ("ab","c") and ("a","bc") never collide
        String name = "hookbus/hook-event/" + sessionId.length() + ":" + sessionId + "|" + toolUseId.length() + ":"
                + toolUseId + "|" + hookEventName;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Deterministic from any stable parts (e.g. a repair id and a sync key), for derived events. */
    public static String derived(String... parts) {
        StringBuilder name = new StringBuilder("hookbus/derived");
        for (String part : parts) {
            String p = part == null ? "" : part;
            name.append('|').append(p.length()).append(':').append(p);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
