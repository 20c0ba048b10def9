package dev.hookbus.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rule that adopts records made by older tools (records without {@code Sync Key}): a record matches a component
 * when the table's name field holds the component's mapped name and its parent link (the plugin, or for a plugin its
 * marketplace) holds the parent's record id. A table without a parent link (Marketplaces) matches on the name alone.
 * Several matches are reported as ambiguous, never guessed.
 */
public final class Adoption {
    private Adoption() {
    }

    /**
     * A record without Sync Key as listed from Airtable.
     *
     * @param recordId the record id
     * @param name the value of the table's name field
     * @param parentRecordIds the record ids in the parent link field (empty when none)
     */
    public record LegacyRecord(String recordId, String name, List<String> parentRecordIds) {
        public LegacyRecord {
            parentRecordIds = parentRecordIds == null ? List.of() : List.copyOf(parentRecordIds);
        }
    }

    public sealed interface Match permits Unique, NoMatch, Ambiguous {
    }

    public record Unique(String recordId) implements Match {
    }

    public record NoMatch() implements Match {
    }

    public record Ambiguous(List<String> recordIds) implements Match {
    }

    /**
     * @param expectedName the component's mapped name field value
     * @param parentRecordId the record id of the component's parent, or null when the table has no parent link
     * @param candidates records without Sync Key in the component's table
     */
    public static Match match(String expectedName, String parentRecordId, List<LegacyRecord> candidates) {
        List<String> matches = new ArrayList<>();
        String wanted = normalize(expectedName);
        for (LegacyRecord record : candidates) {
            if (!Objects.equals(normalize(record.name()), wanted)) {
                continue;
            }
            if (parentRecordId != null && !record.parentRecordIds().contains(parentRecordId)) {
                continue;
            }
            matches.add(record.recordId());
        }
        return switch (matches.size()) {
            case 0 -> new NoMatch();
            case 1 -> new Unique(matches.get(0));
            default -> new Ambiguous(List.copyOf(matches));
        };
    }

    private static String normalize(String name) {
        return name == null ? null : name.strip();
    }
}
