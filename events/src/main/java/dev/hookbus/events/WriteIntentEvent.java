package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One record-level change for the writer that owns a base; published on {@link Topic#AIRTABLE_WRITES} keyed by
 * {@link #baseId()} so one consumer owns each base. Base-scoped ops commands travel here too, as
 * {@link Operation#CONTROL} intents, so that the owner receives them in order with the writes.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param intentId unique per intent
 * @param baseId the Airtable base
 * @param operation what to do
 * @param table the Airtable table
 * @param syncKey the record's merge key
 * @param recordId for ADOPT, MARK_ORPHANED, DELETE (and UPDATE_BY_ID of schema 1)
 * @param fields mapped cell values by Airtable field name (links excluded)
 * @param links link fields by Airtable field name, as the linked records' sync keys (resolved to ids by the writer)
 * @param contentHash the catalog's content hash of the mapped fields
 * @param sourceTime capturedAt, else receivedAt of the originating event; newest wins
 * @param sourceEventId the hook event it came from (optional)
 * @param repairId the repair it answers (optional)
 * @param control for CONTROL intents: the command
 * @param formerSyncKeys keys the same component had before (its marketplace named after the directory, before the
 *        manifest's name was read): a record found under one of them is re-keyed in place, never re-created (optional,
 *        since schema 1: absent in intents written before)
 */
public record WriteIntentEvent(
        int schemaVersion,
        String intentId,
        String baseId,
        Operation operation,
        String table,
        String syncKey,
        String recordId,
        Map<String, Object> fields,
        Map<String, List<String>> links,
        String contentHash,
        Instant sourceTime,
        String sourceEventId,
        String repairId,
        BaseControl control,
        List<String> formerSyncKeys) {

    /** 2: ADOPT and MARK_ORPHANED are operations of their own (schema 1 sent both as UPDATE_BY_ID with special fields). */
    public static final int SCHEMA_VERSION = 2;

    public WriteIntentEvent {
        fields = fields == null ? Map.of() : fields;
        links = links == null ? Map.of() : links;
        formerSyncKeys = formerSyncKeys == null ? List.of() : List.copyOf(formerSyncKeys);
    }

    public WriteIntentEvent(int schemaVersion, String intentId, String baseId, Operation operation, String table, String syncKey,
            String recordId, Map<String, Object> fields, Map<String, List<String>> links, String contentHash, Instant sourceTime,
            String sourceEventId, String repairId, BaseControl control) {
        this(schemaVersion, intentId, baseId, operation, table, syncKey, recordId, fields, links, contentHash, sourceTime, sourceEventId,
                repairId, control, List.of());
    }

    /** A component's record: upsert on its Sync Key. */
    public static WriteIntentEvent upsert(String intentId, String baseId, String table, String syncKey, Map<String, Object> fields,
            Map<String, List<String>> links, String contentHash, Instant sourceTime, String sourceEventId, String repairId) {
        return new WriteIntentEvent(SCHEMA_VERSION, intentId, baseId, Operation.UPSERT, table, syncKey, null, fields, links, contentHash,
                sourceTime, sourceEventId, repairId, null, List.of());
    }

    /** A component's plugin or marketplace: created when its key has no record, never updated from a component's event. */
    public static WriteIntentEvent ensure(String intentId, String baseId, String table, String syncKey, Map<String, Object> fields,
            Map<String, List<String>> links, String contentHash, Instant sourceTime, String sourceEventId, String repairId) {
        return new WriteIntentEvent(SCHEMA_VERSION, intentId, baseId, Operation.ENSURE, table, syncKey, null, fields, links, contentHash,
                sourceTime, sourceEventId, repairId, null, List.of());
    }

    /** The record {@code recordId} (made by an older tool, or under a former key) takes the component: its key and fields. */
    public static WriteIntentEvent adopt(String intentId, String baseId, String table, String syncKey, String recordId,
            Map<String, Object> fields, Map<String, List<String>> links, String contentHash, Instant sourceTime, String repairId) {
        return new WriteIntentEvent(SCHEMA_VERSION, intentId, baseId, Operation.ADOPT, table, syncKey, recordId, fields, links, contentHash,
                sourceTime, null, repairId, null, List.of());
    }

    /** The record {@code recordId} has no file any more: marked Orphaned (soft), it no longer holds its key. */
    public static WriteIntentEvent markOrphaned(String intentId, String baseId, String table, String syncKey, String recordId,
            Instant sourceTime, String repairId) {
        return new WriteIntentEvent(SCHEMA_VERSION, intentId, baseId, Operation.MARK_ORPHANED, table, syncKey, recordId, Map.of(), Map.of(),
                null, sourceTime, null, repairId, null, List.of());
    }

    /** The record {@code recordId} is deleted (prune). */
    public static WriteIntentEvent delete(String intentId, String baseId, String table, String syncKey, String recordId, Instant sourceTime,
            String repairId) {
        return new WriteIntentEvent(SCHEMA_VERSION, intentId, baseId, Operation.DELETE, table, syncKey, recordId, Map.of(), Map.of(), null,
                sourceTime, null, repairId, null, List.of());
    }

    /** A base-scoped ops command for the base's owner, in order with its writes. */
    public static WriteIntentEvent control(String intentId, String baseId, Instant issuedAt, BaseControl control) {
        return new WriteIntentEvent(SCHEMA_VERSION, intentId, baseId, Operation.CONTROL, null, null, null, null, null, null, issuedAt, null,
                null, control, List.of());
    }

    /** The same intent, naming the keys the component had before (see {@link #formerSyncKeys()}). */
    public WriteIntentEvent withFormerSyncKeys(List<String> keys) {
        return new WriteIntentEvent(schemaVersion, intentId, baseId, operation, table, syncKey, recordId, fields, links, contentHash, sourceTime,
                sourceEventId, repairId, control, keys);
    }

    public enum Operation {
        /** Write the record (upsert on Sync Key, or adopt a record made by an older tool). */
        UPSERT,
        /** Create the record only when its sync key has none (a component's plugin and marketplace); never update. */
        ENSURE,
        /** Since schema 2: update the record {@code recordId} with the component, its Sync Key included. */
        ADOPT,
        /** Since schema 2: mark the record {@code recordId} Orphaned. */
        MARK_ORPHANED,
        /**
         * Schema 1 only: an update by record id whose fields told what it was (a Sync Key: an adoption; Sync Status
         * Orphaned: a mark). Still read and applied, so intents on the topic when a new version starts are not lost.
         */
        UPDATE_BY_ID,
        DELETE,
        CONTROL,
        @JsonEnumDefaultValue
        UNKNOWN
    }

    /** A base-scoped command for the base's owner. */
    public record BaseControl(String commandId, Command command, Map<String, String> args) {
        public enum Command {
            PAUSE,
            RESUME,
            RELIST_LEDGER,
            REPLAY_DLQ,
            @JsonEnumDefaultValue
            UNKNOWN
        }
    }
}
