package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One validator pass, published on {@link Topic#RECONCILE_REPORTS} keyed by {@link #baseId()}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param reportId unique per pass
 * @param baseId the Airtable base
 * @param roots the directories scanned
 * @param startedAt start of the pass
 * @param finishedAt end of the pass
 * @param counts components and records per state
 * @param drift one entry per component or record not Synced
 * @param adoptable records without Sync Key the adoption rule matched
 * @param repairIds repairs published by this pass (with --auto-sync)
 * @param autoSync whether repairs were published
 * @param prune whether deletions were published
 * @param trigger cli, schedule, rest, ops, startup
 */
public record ReconcileReportEvent(
        int schemaVersion,
        String reportId,
        String baseId,
        List<String> roots,
        Instant startedAt,
        Instant finishedAt,
        Map<State, Integer> counts,
        List<Entry> drift,
        int adoptable,
        List<String> repairIds,
        boolean autoSync,
        boolean prune,
        String trigger) {

    public static final int SCHEMA_VERSION = 1;

    public ReconcileReportEvent {
        roots = roots == null ? List.of() : List.copyOf(roots);
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        drift = drift == null ? List.of() : List.copyOf(drift);
        repairIds = repairIds == null ? List.of() : List.copyOf(repairIds);
    }

    public enum State {
        SYNCED,
        MISSING,
        STALE,
        ORPHANED,
        DUPLICATE,
        INVALID,
        @JsonEnumDefaultValue
        UNKNOWN
    }

    /**
     * @param syncKey the component's key
     * @param state its state
     * @param table the Airtable table
     * @param path file path relative to the marketplace root (absent for orphans)
     * @param recordIds the records concerned
     * @param detail a human sentence
     * @param warnings recovered parse problems (not drift)
     */
    public record Entry(String syncKey, State state, String table, String path, List<String> recordIds, String detail,
            List<String> warnings) {
        public Entry {
            recordIds = recordIds == null ? List.of() : List.copyOf(recordIds);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }
}
