package dev.hookbus.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The content hash of ARCHITECTURE.md: sha256 over the mapped fields in a canonical order (field names sorted), links
 * hashed as the linked sync keys (never record ids). {@code Content Hash}, {@code Source Time} and
 * {@code Sync Status} are never hashed. Empty values count as absent, because Airtable omits them on read.
 */
public final class ContentHash {
    public static final Set<String> NEVER_HASHED = Set.of("Content Hash", "Source Time", "Sync Status");

    private ContentHash() {
    }

    public static String of(Map<String, ?> mappedFields, Map<String, ? extends Collection<String>> linkSyncKeys) {
        TreeMap<String, String> canonical = new TreeMap<>();
        mappedFields.forEach((name, value) -> {
            String text = render(value);
            if (!NEVER_HASHED.contains(name) && !text.isEmpty()) {
                canonical.put("f:" + name, text);
            }
        });
        linkSyncKeys.forEach((name, keys) -> {
            if (!keys.isEmpty()) {
                canonical.put("l:" + name, String.join("\u0001", keys.stream().sorted().toList()));
            }
        });
        StringBuilder out = new StringBuilder();
        canonical.forEach((k, v) -> out.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return sha256(out.toString());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String render(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join("\u0001", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "";
        }
        return String.valueOf(value);
    }
}
