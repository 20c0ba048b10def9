package dev.hookbus.emulator.model;

import java.security.SecureRandom;

/** Airtable-shaped ids: a three-letter prefix and 14 base-62 characters ({@code recXXXXXXXXXXXXXX}). */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        char[] id = new char[14];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return prefix + new String(id);
    }

    public static boolean looksLike(String prefix, String id) {
        return id != null && id.length() == 17 && id.startsWith(prefix) && id.substring(3).chars().allMatch(Character::isLetterOrDigit);
    }
}
