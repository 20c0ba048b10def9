package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;

/**
 * Every outcome of airtable-sync, published on {@link Topic#SYNC_RESULTS} keyed by {@link #syncKey()}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param resultId unique per result
 * @param outcome what happened
 * @param baseId the Airtable base (absent for unresolved events)
 * @param table the Airtable table
 * @param syncKey the component's key (absent when the event could not be classified)
 * @param recordId the Airtable record id written or deleted
 * @param sourceEventId the hook event it came from (optional)
 * @param repairId the repair it answers (optional; the validator's --wait follows these)
 * @param intentId the write intent (optional)
 * @param sourceTime Source Time of the change
 * @param completedAt when Airtable answered (or the outcome was decided)
 * @param httpStatus Airtable's status for failures
 * @param errorType Airtable's error type for failures
 * @param detail a human sentence (never a token, never file content)
 */
public record SyncResultEvent(
        int schemaVersion,
        String resultId,
        Outcome outcome,
        String baseId,
        String table,
        String syncKey,
        String recordId,
        String sourceEventId,
        String repairId,
        String intentId,
        Instant sourceTime,
        Instant completedAt,
        Integer httpStatus,
        String errorType,
        String detail) {

    public static final int SCHEMA_VERSION = 1;

    public enum Outcome {
        CREATED,
        UPDATED,
        ADOPTED,
        DELETED,
        MARKED_ORPHANED,
        UNCHANGED,
        STALE_SKIPPED,
        UNRESOLVED,
        DEAD_LETTERED,
        DUPLICATE_REPORTED,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
