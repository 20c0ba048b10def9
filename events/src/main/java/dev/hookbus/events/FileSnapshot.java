package dev.hookbus.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's text as the forwarder (or the validator) saw it. The sha256 is computed by whoever received the bytes,
 * never trusted from a client.
 *
 * @param path absolute path as the hook reported it, or relative to a marketplace root in repairs
 * @param content the file's text (UTF-8)
 * @param sha256 lowercase hex sha256 of the UTF-8 bytes of {@code content}
 */
public record FileSnapshot(String path, String content, String sha256) {

    public static FileSnapshot of(String path, String content) {
        return new FileSnapshot(path, content, sha256Hex(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        // snapshot contents never reach logs
        return "FileSnapshot[path=" + path + ", sha256=" + sha256 + ", chars=" + (content == null ? 0 : content.length()) + "]";
    }
}
