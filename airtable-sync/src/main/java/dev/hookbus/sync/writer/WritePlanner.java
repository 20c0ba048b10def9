package dev.hookbus.sync.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.SyncStatus;
import dev.hookbus.catalog.Adoption;
import dev.hookbus.catalog.ComponentKind;
import dev.hookbus.catalog.SyncKeys;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.events.WriteIntentEvent.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides, against the ledger, what each winning intent of one table becomes: unchanged, stale, an update, a re-key of a
 * record under a former key, an adoption, a create, a mark or a delete; and builds the fields to send.
 */
final class WritePlanner {
    /**
     * The writes (creates and updates, sent together) and deletes of one table, and the intents that must wait: the
     * record they would re-key or adopt is being written for another intent.
     */
    record Plan(List<PlannedWrite> writes, List<PlannedWrite> deletes, List<SourcedIntent> deferred) {
    }

    private final FieldMapping mapping;
    private final Ledger ledger;
    private final java.util.Set<String> claimed;
    private final Outcomes outcomes;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param claimed record ids planned for a write that is not answered yet (the caller's, under its lock): an intent
     *        that would re-key or adopt one of them waits, so two intents never take the same record
     */
    WritePlanner(FieldMapping mapping, Ledger ledger, Outcomes outcomes, java.util.Set<String> claimed) {
        this.claimed = claimed;
        this.mapping = mapping;
        this.ledger = ledger;
        this.outcomes = outcomes;
    }

    Plan plan(FieldMapping.TableMapping table, List<SourcedIntent> intents, List<WriteOutcome> out) {
        List<PlannedWrite> creates = new ArrayList<>();
        List<PlannedWrite> updates = new ArrayList<>();
        List<PlannedWrite> deletes = new ArrayList<>();
        List<SourcedIntent> deferred = new ArrayList<>();
        for (SourcedIntent s : intents) {
            WriteIntentEvent i = s.intent();
            switch (effective(i)) {
                case DELETE -> deletes.add(new PlannedWrite(s, Outcome.DELETED, i.recordId(), null));
                case MARK_ORPHANED -> {
                    ObjectNode fields = json.createObjectNode().put(mapping.syncStatusField(), SyncStatus.ORPHANED.label());
                    updates.add(new PlannedWrite(s, Outcome.MARKED_ORPHANED, i.recordId(), fields));
                }
                case ADOPT -> updates.add(new PlannedWrite(s, Outcome.ADOPTED, i.recordId(), i.operation() == Operation.ADOPT ? updateFields(table, i)
                        // schema 1 carried the record's key, hash and status in its fields and no links: sent as they were
                        : clearAbsent(table, json.valueToTree(i.fields()))));
                case UPDATE_BY_ID -> updates.add(new PlannedWrite(s, Outcome.UPDATED, i.recordId(), json.valueToTree(i.fields())));
                case UPSERT, ENSURE -> planUpsert(table, s, creates, updates, deferred, out);
                default -> out.add(new WriteOutcome(s, outcomes.of(s, Outcome.UNKNOWN, null, "unknown operation").result(), "unknown operation"));
            }
        }
        // one upsert request carries creates (merged on Sync Key) and updates (by id) together: fuller requests
        List<PlannedWrite> writes = new ArrayList<>(creates);
        writes.addAll(updates);
        writes.forEach(p -> {
            if (p.recordId() != null) {
                claimed.add(p.recordId());
            }
        });
        deletes.forEach(p -> claimed.add(p.recordId()));
        return new Plan(writes, deletes, deferred);
    }

    /** An intent's operation, schema 1's UPDATE_BY_ID read as what its fields made it. */
    private Operation effective(WriteIntentEvent i) {
        if (i.operation() != Operation.UPDATE_BY_ID) {
            return i.operation();
        }
        if (i.fields().containsKey(mapping.syncKeyField())) {
            return Operation.ADOPT;
        }
        return SyncStatus.ORPHANED.is(String.valueOf(i.fields().get(mapping.syncStatusField()))) ? Operation.MARK_ORPHANED : Operation.UPDATE_BY_ID;
    }

    private void planUpsert(FieldMapping.TableMapping table, SourcedIntent s, List<PlannedWrite> creates, List<PlannedWrite> updates,
            List<SourcedIntent> deferred, List<WriteOutcome> out) {
        WriteIntentEvent i = s.intent();
        boolean ensure = i.operation() == Operation.ENSURE;
        List<Ledger.Entry> entries = ledger.entries(i.syncKey());
        if (entries.size() > 1) {
            if (!ensure) {
                out.add(outcomes.of(s, Outcome.DUPLICATE_REPORTED, null, entries.size() + " records already hold this key: "
                        + entries.stream().map(Ledger.Entry::recordId).toList() + "; none added, none guessed"));
            }
            return;
        }
        if (entries.size() == 1) {
            Ledger.Entry entry = entries.get(0);
            if (ensure) {
                return;
            }
            boolean sameContent = Objects.equals(entry.contentHash(), i.contentHash());
            // a repair is written even when the stored hash matches: the validator found the record's own values wrong
            // (a hand edit, or a field an earlier version never cleared); the content is what was written last, so its
            // older file time cannot take the record back in time
            if (sameContent && i.repairId() == null) {
                out.add(outcomes.of(s, Outcome.UNCHANGED, entry.recordId(), null));
                return;
            }
            if (!sameContent && entry.sourceTime() != null && SourceTimes.of(i).isBefore(entry.sourceTime())) {
                out.add(outcomes.of(s, Outcome.STALE_SKIPPED, entry.recordId(), "Airtable holds a newer change (" + entry.sourceTime() + ")"));
                return;
            }
            updates.add(new PlannedWrite(s, Outcome.UPDATED, entry.recordId(), updateFields(table, i)));
            return;
        }
        for (String former : formerKeys(i)) {
            List<Ledger.Entry> held = ledger.entries(former);
            if (held.size() == 1 && claimed(held.get(0).recordId(), updates)) {
                deferred.add(s);
                return;
            }
            if (held.size() == 1) {
                // the record written under a former name of its marketplace (the directory name of earlier versions, or
                // the name before a rename): re-keyed in place, never re-created (a parent known only from its key keeps
                // the values its manifest gave it)
                if (table.kind() == ComponentKind.MARKETPLACE) {
                    ledger.aliases().add(i.syncKey(), former);
                }
                updates.add(new PlannedWrite(s, Outcome.ADOPTED, held.get(0).recordId(), ensure ? recordFields(table, i) : updateFields(table, i)));
                return;
            }
        }
        String parent = SyncKeys.parent(i.syncKey());
        String parentId = parent == null ? null : ledger.recordId(parent).orElse(null);
        Adoption.Match match = Adoption.match(String.valueOf(i.fields().get(table.nameField())), table.parentLink() == null ? null : parentId,
                ledger.legacy(table.table()));
        if (match instanceof Adoption.Unique unique && claimed(unique.recordId(), updates)) {
            deferred.add(s);
        } else if (match instanceof Adoption.Unique unique) {
            updates.add(new PlannedWrite(s, Outcome.ADOPTED, unique.recordId(), updateFields(table, i)));
        } else if (match instanceof Adoption.Ambiguous ambiguous) {
            out.add(outcomes.of(s, Outcome.DUPLICATE_REPORTED, null, "several records made by an older tool match: " + ambiguous.recordIds()
                    + "; none adopted, none added"));
        } else {
            creates.add(new PlannedWrite(s, Outcome.CREATED, null, recordFields(table, i)));
        }
    }

    /** Whether another intent takes the record: planned earlier and not answered, or planned in this same plan. */
    private boolean claimed(String recordId, List<PlannedWrite> planned) {
        return claimed.contains(recordId) || planned.stream().anyMatch(p -> recordId.equals(p.recordId()));
    }

    /** The intent's own former keys, then those the base's links show (a marketplace renamed while its records stayed). */
    private List<String> formerKeys(WriteIntentEvent i) {
        List<String> keys = new ArrayList<>(i.formerSyncKeys());
        ledger.aliases().formerKeys(i.syncKey()).stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    private ObjectNode recordFields(FieldMapping.TableMapping table, WriteIntentEvent i) {
        ObjectNode fields = json.valueToTree(i.fields());
        fields.put(mapping.syncKeyField(), i.syncKey());
        fields.put(mapping.contentHashField(), i.contentHash());
        if (i.operation() != Operation.ENSURE) {
            // a parent made from its key alone has read no file: it claims no time, so its manifest's own change (however
            // old) still wins over it
            fields.put(mapping.sourceTimeField(), SourceTimes.of(i).toString());
        }
        fields.put(mapping.syncStatusField(), SyncStatus.SYNCED.label());
        i.links().forEach((field, keys) -> {
            ArrayNode ids = fields.putArray(field);
            keys.forEach(k -> ledger.recordId(k).ifPresent(ids::add));
            if (ids.isEmpty()) {
                fields.remove(field);
            }
        });
        return fields;
    }

    /**
     * An update sends every field the mapping owns: a value gone from the file is sent as null (Airtable clears it), a
     * component without a parent sends an empty link. A PATCH of only the present values would keep a removed key's
     * old value forever. (A link the intent names but whose record is not known yet is left as it is.)
     */
    private ObjectNode updateFields(FieldMapping.TableMapping table, WriteIntentEvent i) {
        ObjectNode fields = clearAbsent(table, recordFields(table, i));
        if (table.parentLink() != null && !i.links().containsKey(table.parentLink())) {
            fields.putArray(table.parentLink());
        }
        return fields;
    }

    /** Every field the mapping owns that {@code fields} lacks, sent as null: Airtable clears it. */
    private static ObjectNode clearAbsent(FieldMapping.TableMapping table, ObjectNode fields) {
        table.fields().keySet().stream().filter(f -> !fields.has(f)).forEach(fields::putNull);
        return fields;
    }
}
