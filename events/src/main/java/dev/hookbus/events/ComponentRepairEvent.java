package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.List;

/**
 * A repair the validator asks the one writer (airtable-sync) to make; published on {@link Topic#COMPONENT_REPAIRS}
 * keyed by {@link #syncKey()}. Every {@link SyncResultEvent} it causes echoes {@link #repairId()}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param repairId unique per repair; answered by results
 * @param action what to do
 * @param baseId the Airtable base
 * @param syncKey the component's key ({@code <mp>/<p>/<kind>/<name>}, {@code <mp>/<p>} or {@code <mp>})
 * @param table the Airtable table of the record(s)
 * @param marketplace the marketplace name the snapshot path is relative to
 * @param snapshot for UPSERT and ADOPT: the full file, path relative to the marketplace root
 * @param recordIds for ADOPT, MARK_ORPHANED and DELETE: the records concerned
 * @param sourceTime the file's modification time as the validator saw it (the writer's newest-wins guard)
 * @param issuedAt when the validator published it
 * @param reason the drift state that caused it (Missing, Stale, Orphaned, Duplicate, adoptable)
 */
public record ComponentRepairEvent(
        int schemaVersion,
        String repairId,
        Action action,
        String baseId,
        String syncKey,
        String table,
        String marketplace,
        FileSnapshot snapshot,
        List<String> recordIds,
        Instant sourceTime,
        Instant issuedAt,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    public ComponentRepairEvent {
        recordIds = recordIds == null ? List.of() : List.copyOf(recordIds);
    }

    public enum Action {
        /** Write the component from the snapshot (upsert on Sync Key). */
        UPSERT,
        /** Take over a record made by an older tool (update by record id, setting its Sync Key). */
        ADOPT,
        /** Soft: set {@code Sync Status = Orphaned} on records whose file is gone. */
        MARK_ORPHANED,
        /** Hard: delete the records (only with --prune). */
        DELETE,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
