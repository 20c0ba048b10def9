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
 * @param recordId for UPDATE_BY_ID and DELETE
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

    public static final int SCHEMA_VERSION = 1;

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

    public enum Operation {
        /** Write the record (upsert on Sync Key, or adopt a record made by an older tool). */
        UPSERT,
        /** Create the record only when its sync key has none (a component's plugin and marketplace); never update. */
        ENSURE,
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
