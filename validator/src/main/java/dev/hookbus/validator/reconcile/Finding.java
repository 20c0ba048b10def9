package dev.hookbus.validator.reconcile;

import dev.hookbus.catalog.Discovery;
import dev.hookbus.events.ReconcileReportEvent.State;
import java.util.List;


/**
 * The state of one component (from disk) or record (from Airtable).
 *
 * @param state Synced, Missing, Stale, Orphaned, Duplicate or Invalid
 * @param syncKey the key
 * @param table the Airtable table
 * @param file the file on disk (null for orphans)
 * @param recordIds the records concerned (for Duplicate: the extras; the oldest is kept)
 * @param adoptableRecordId a record without Sync Key the adoption rule matched (Missing only), or null
 * @param alreadyMarked an orphan or duplicate already marked {@code Sync Status = Orphaned}: known, not drift
 * @param detail a human sentence
 * @param warnings recovered parse problems (shown, never drift)
 * @param differences for Stale: each field whose Airtable value differs from the file's
 */
public record Finding(State state, String syncKey, String table, Discovery.FoundFile file, List<String> recordIds, String adoptableRecordId,
        boolean alreadyMarked, String detail, List<String> warnings, List<FieldDifference> differences) {

    public Finding {
        recordIds = recordIds == null ? List.of() : List.copyOf(recordIds);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    public Finding(State state, String syncKey, String table, Discovery.FoundFile file, List<String> recordIds, String adoptableRecordId,
            boolean alreadyMarked, String detail, List<String> warnings) {
        this(state, syncKey, table, file, recordIds, adoptableRecordId, alreadyMarked, detail, warnings, List.of());
    }

    /** Drift is what a repair can fix: Missing, Stale, and Orphaned or Duplicate records not yet marked. */
    public boolean isDrift() {
        return switch (state) {
            case MISSING, STALE -> true;
            case ORPHANED, DUPLICATE -> !alreadyMarked;
            default -> false;
        };
    }

    public String path() {
        return file == null ? null : file.file().relativePath();
    }
}
