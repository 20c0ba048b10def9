package dev.hookbus.airtable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which base holds a marketplace's records: {@code airtable.marketplace-bases} ({@code name=appX,other=appY}) names a
 * base per marketplace, and every other marketplace goes to {@code airtable.base-id}. Every replica reads the same
 * settings, so every replica routes a marketplace to the same base; the writes topic is keyed by base, so each base
 * still has one writer.
 */
public final class BaseRouting {
    private final String defaultBase;
    private final Map<String, String> byMarketplace;
    private final Set<String> bases;

    private BaseRouting(String defaultBase, Map<String, String> byMarketplace) {
        this.defaultBase = defaultBase;
        this.byMarketplace = Collections.unmodifiableMap(new LinkedHashMap<>(byMarketplace));
        Set<String> all = new LinkedHashSet<>();
        all.add(defaultBase);
        all.addAll(byMarketplace.values());
        this.bases = Collections.unmodifiableSet(all);
    }

    /**
     * @param mapping {@code name=base,…}, blank for none
     * @throws IllegalArgumentException naming the entry that is not {@code name=base}, or a marketplace named twice
     */
    public static BaseRouting parse(String defaultBase, String mapping) {
        if (defaultBase == null || defaultBase.isBlank()) {
            throw new IllegalArgumentException("airtable.base-id (AIRTABLE_BASE_ID) is required");
        }
        Map<String, String> byMarketplace = new LinkedHashMap<>();
        if (mapping != null && !mapping.isBlank()) {
            for (String entry : mapping.split(",")) {
                String[] parts = entry.split("=", 2);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[1].strip().contains(" ")) {
                    throw new IllegalArgumentException("airtable.marketplace-bases (AIRTABLE_MARKETPLACE_BASES) is marketplace=base,…; "
                            + "this entry is not: '" + entry.strip() + "'");
                }
                if (byMarketplace.put(parts[0].strip(), parts[1].strip()) != null) {
                    throw new IllegalArgumentException("airtable.marketplace-bases names marketplace '" + parts[0].strip() + "' twice");
                }
            }
        }
        return new BaseRouting(defaultBase.strip(), byMarketplace);
    }

    /** The base of a marketplace (by its name, the first part of every sync key). */
    public String baseFor(String marketplace) {
        return byMarketplace.getOrDefault(marketplace, defaultBase);
    }

    /** Every base this deployment writes: the default one first. */
    public Set<String> bases() {
        return bases;
    }

    public String defaultBase() {
        return defaultBase;
    }

    @Override
    public String toString() {
        return byMarketplace.isEmpty() ? "every marketplace to base " + defaultBase
                : byMarketplace + ", every other marketplace to base " + defaultBase;
    }
}
