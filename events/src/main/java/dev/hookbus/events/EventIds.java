package dev.hookbus.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** The event-id rule of ARCHITECTURE.md. */
public final class EventIds {
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    });

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
        return nameUuid(name).toString();
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

    /**
     * {@link UUID#nameUUIDFromBytes} of the name's UTF-8 bytes (the same value), from an MD5 digest kept per thread:
     * looking the algorithm up costs more than hashing a short name, and hook-ingest does this for every event.
     */
    public static UUID nameUuid(String name) {
        byte[] md5 = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
        md5[6] &= 0x0f;
        md5[6] |= 0x30; // version 3: name-based, MD5
        md5[8] &= 0x3f;
        md5[8] |= (byte) 0x80; // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (md5[i] & 0xff);
            low = (low << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(high, low);
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
