package dev.hookbus.sync.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.AirtableRecord;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.catalog.Adoption;
import dev.hookbus.catalog.ComponentKind;
import dev.hookbus.catalog.SyncKeys;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.events.WriteIntentEvent.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one owner of a base: merges intents per sync key (newest Source Time wins), skips unchanged hashes and stale
 * changes, adopts records made by older tools, and writes ≤ 10 records per request per table, parents first, within the
 * base's rate budget. 429 waits out the penalty; 5xx and network errors back off and retry until they succeed (the
 * partition is held); any other 4xx sends the one bad record to the DLQ and the rest of its batch is still written.
 */
public final class BaseWriter {
    /** Counters the service exposes as metrics. */
    public interface Metrics {
        void request();

        void rateLimited();

        void retry();

        void written(Outcome outcome, Instant sourceTime);
    }

    private final String baseId;
    private final AirtableClient client;
    private final FieldMapping mapping;
    private final RateBudget budget;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Metrics metrics;
    private final ObjectMapper json = new ObjectMapper();
    private Ledger ledger;
    private volatile String lastProblem;

    public BaseWriter(String baseId, AirtableClient client, FieldMapping mapping, RateBudget budget, Duration initialBackoff,
            Duration maxBackoff, Metrics metrics) {
        this.baseId = baseId;
        this.client = client;
        this.mapping = mapping;
        this.budget = budget;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.metrics = metrics;
    }

    /** Why the last call to Airtable failed and is being retried, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    public void relistLedger() {
        ledger = null;
    }

    public List<WriteOutcome> apply(List<SourcedIntent> intents) throws InterruptedException {
        if (ledger == null) {
            ledger = retrying(() -> Ledger.load(client, budget, baseId, mapping));
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        Map<String, SourcedIntent> winners = merge(intents, outcomes);
        for (FieldMapping.TableMapping table : mapping.tablesInWriteOrder()) {
            List<SourcedIntent> forTable = winners.values().stream().filter(s -> table.table().equals(s.intent().table())).toList();
            if (!forTable.isEmpty()) {
                writeTable(table, forTable, outcomes);
            }
        }
        return outcomes;
    }

    /** Newest Source Time wins per key; an UPSERT always beats an ENSURE of the same key. */
    private Map<String, SourcedIntent> merge(List<SourcedIntent> intents, List<WriteOutcome> outcomes) {
        Map<String, SourcedIntent> winners = new LinkedHashMap<>();
        for (SourcedIntent s : intents) {
            WriteIntentEvent i = s.intent();
            String key = i.operation() == Operation.DELETE || i.operation() == Operation.UPDATE_BY_ID ? "id:" + i.recordId() : i.syncKey();
            SourcedIntent current = winners.get(key);
            if (current == null) {
                winners.put(key, s);
                continue;
            }
            boolean replaces;
            if (current.intent().operation() == Operation.ENSURE && i.operation() != Operation.ENSURE) {
                replaces = true;
            } else if (i.operation() == Operation.ENSURE && current.intent().operation() != Operation.ENSURE) {
                replaces = false;
            } else {
                replaces = !time(i).isBefore(time(current.intent()));
            }
            SourcedIntent loser = replaces ? current : s;
            if (replaces) {
                winners.put(key, s);
            }
            if (loser.intent().operation() != Operation.ENSURE) {
                outcomes.add(outcome(loser, Outcome.STALE_SKIPPED, null, null, null, "superseded by a newer change of the same key"));
            }
        }
        return winners;
    }

    private record Planned(SourcedIntent source, Outcome outcome, String recordId, ObjectNode fields) {
    }

    private void writeTable(FieldMapping.TableMapping table, List<SourcedIntent> intents, List<WriteOutcome> outcomes)
            throws InterruptedException {
        List<Planned> creates = new ArrayList<>();
        List<Planned> updates = new ArrayList<>();
        List<Planned> deletes = new ArrayList<>();
        for (SourcedIntent s : intents) {
            WriteIntentEvent i = s.intent();
            switch (i.operation()) {
                case DELETE -> deletes.add(new Planned(s, Outcome.DELETED, i.recordId(), null));
                case UPDATE_BY_ID -> {
                    ObjectNode fields = json.valueToTree(i.fields());
                    Outcome outcome = fields.has(mapping.syncKeyField()) ? Outcome.ADOPTED
                            : "Orphaned".equals(fields.path(mapping.syncStatusField()).asText(null)) ? Outcome.MARKED_ORPHANED : Outcome.UPDATED;
                    if (outcome == Outcome.ADOPTED) {
                        // an adopted or re-keyed record gets every owned field, like any update
                        clearAbsent(table, fields);
                    }
                    updates.add(new Planned(s, outcome, i.recordId(), fields));
                }
                case UPSERT, ENSURE -> planUpsert(table, s, creates, updates, outcomes);
                default -> outcomes.add(new WriteOutcome(s, resultEvent(s, Outcome.UNKNOWN, null, null, null, "unknown operation"), "unknown operation"));
            }
        }
        // one upsert request carries creates (merged on Sync Key) and updates (by id) together: fuller requests
        List<Planned> writes = new ArrayList<>(creates);
        writes.addAll(updates);
        for (List<Planned> chunk : chunks(writes)) {
            send(table, chunk, Kind.WRITE, outcomes);
        }
        for (List<Planned> chunk : chunks(deletes)) {
            send(table, chunk, Kind.DELETE, outcomes);
        }
    }

    private void planUpsert(FieldMapping.TableMapping table, SourcedIntent s, List<Planned> creates, List<Planned> updates,
            List<WriteOutcome> outcomes) {
        WriteIntentEvent i = s.intent();
        boolean ensure = i.operation() == Operation.ENSURE;
        List<Ledger.Entry> entries = ledger.entries(i.syncKey());
        if (entries.size() > 1) {
            if (!ensure) {
                outcomes.add(outcome(s, Outcome.DUPLICATE_REPORTED, null, null, null, entries.size() + " records already hold this key: "
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
                outcomes.add(outcome(s, Outcome.UNCHANGED, entry.recordId(), null, null, null));
                return;
            }
            if (!sameContent && entry.sourceTime() != null && time(i).isBefore(entry.sourceTime())) {
                outcomes.add(outcome(s, Outcome.STALE_SKIPPED, entry.recordId(), null, null,
                        "Airtable holds a newer change (" + entry.sourceTime() + ")"));
                return;
            }
            updates.add(new Planned(s, Outcome.UPDATED, entry.recordId(), updateFields(table, i)));
            return;
        }
        for (String former : formerKeys(i)) {
            List<Ledger.Entry> held = ledger.entries(former);
            if (held.size() == 1) {
                // the record written under a former name of its marketplace (the directory name of earlier versions, or
                // the name before a rename): re-keyed in place, never re-created (a parent known only from its key keeps
                // the values its manifest gave it)
                if (table.kind() == ComponentKind.MARKETPLACE) {
                    ledger.aliases().add(i.syncKey(), former);
                }
                updates.add(new Planned(s, Outcome.ADOPTED, held.get(0).recordId(), ensure ? recordFields(table, i) : updateFields(table, i)));
                return;
            }
        }
        String parentId = parentRecordId(table, i);
        Adoption.Match match = Adoption.match(String.valueOf(i.fields().get(table.nameField())), table.parentLink() == null ? null : parentId,
                ledger.legacy(table.table()));
        if (match instanceof Adoption.Unique unique) {
            updates.add(new Planned(s, Outcome.ADOPTED, unique.recordId(), updateFields(table, i)));
        } else if (match instanceof Adoption.Ambiguous ambiguous) {
            outcomes.add(outcome(s, Outcome.DUPLICATE_REPORTED, null, null, null, "several records made by an older tool match: "
                    + ambiguous.recordIds() + "; none adopted, none added"));
        } else {
            creates.add(new Planned(s, Outcome.CREATED, null, recordFields(table, i)));
        }
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
            fields.put(mapping.sourceTimeField(), time(i).toString());
        }
        fields.put(mapping.syncStatusField(), "Synced");
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

    private String parentRecordId(FieldMapping.TableMapping table, WriteIntentEvent i) {
        String parent = SyncKeys.parent(i.syncKey());
        return parent == null ? null : ledger.recordId(parent).orElse(null);
    }

    private enum Kind {
        WRITE,
        DELETE
    }

    private void send(FieldMapping.TableMapping table, List<Planned> chunk, Kind kind, List<WriteOutcome> outcomes)
            throws InterruptedException {
        try {
            List<AirtableRecord> written = retrying(() -> call(table, chunk, kind));
            for (int n = 0; n < chunk.size(); n++) {
                Planned p = chunk.get(n);
                WriteIntentEvent i = p.source().intent();
                String recordId = kind == Kind.DELETE ? p.recordId() : written.get(n).id();
                if (kind == Kind.DELETE || p.outcome() == Outcome.MARKED_ORPHANED) {
                    ledger.deleted(recordId);
                } else if (i.syncKey() != null && p.fields().has(mapping.contentHashField())) {
                    if (p.outcome() == Outcome.ADOPTED) {
                        // a re-keyed record no longer holds its former key
                        ledger.deleted(recordId);
                    }
                    ledger.written(i.syncKey(), recordId, i.contentHash(), i.operation() == Operation.ENSURE ? null : time(i));
                } else if (p.fields().has(mapping.syncKeyField())) {
                    ledger.written(p.fields().get(mapping.syncKeyField()).asText(), recordId,
                            p.fields().path(mapping.contentHashField()).asText(null), time(i));
                }
                metrics.written(p.outcome(), i.sourceTime());
                outcomes.add(outcome(p.source(), p.outcome(), recordId, null, null, null));
            }
        } catch (AirtableApiException rejected) {
            if (chunk.size() > 1) {
                // Airtable applies a request entirely or not at all: find the bad record, write the others
                int half = chunk.size() / 2;
                send(table, chunk.subList(0, half), kind, outcomes);
                send(table, chunk.subList(half, chunk.size()), kind, outcomes);
                return;
            }
            Planned p = chunk.get(0);
            if (kind == Kind.WRITE && p.recordId() != null && rejected.status() == 404 && p.source().intent().syncKey() != null
                    && p.source().intent().operation() != Operation.UPDATE_BY_ID) {
                // the record was deleted behind our back: write it again
                ledger.deleted(p.recordId());
                send(table, List.of(new Planned(p.source(), Outcome.CREATED, null, p.fields())), Kind.WRITE, outcomes);
                return;
            }
            metrics.written(Outcome.DEAD_LETTERED, p.source().intent().sourceTime());
            outcomes.add(new WriteOutcome(p.source(), resultEvent(p.source(), Outcome.DEAD_LETTERED, p.recordId(), rejected.status(),
                    rejected.errorType(), rejected.getMessage()), rejected.getMessage()));
        }
    }

    private List<AirtableRecord> call(FieldMapping.TableMapping table, List<Planned> chunk, Kind kind) throws InterruptedException {
        metrics.request();
        return switch (kind) {
            case WRITE -> client.upsert(budget, baseId, table.table(), mapping.syncKeyField(),
                    chunk.stream().map(p -> recordBody(p.recordId(), p.fields())).toList()).records();
            case DELETE -> {
                client.delete(budget, baseId, table.table(), chunk.stream().map(Planned::recordId).toList());
                yield List.of();
            }
        };
    }

    private ObjectNode recordBody(String id, ObjectNode fields) {
        ObjectNode record = json.createObjectNode();
        if (id != null) {
            record.put("id", id);
        }
        record.set("fields", fields);
        return record;
    }

    interface AirtableCall<T> {
        T call() throws InterruptedException;
    }

    /** Retries 429 (after the penalty), 5xx, network and auth errors until they succeed; other 4xx are thrown. */
    private <T> T retrying(AirtableCall<T> call) throws InterruptedException {
        long backoff = initialBackoff.toMillis();
        while (true) {
            try {
                T value = call.call();
                lastProblem = null;
                return value;
            } catch (AirtableApiException e) {
                if (e.kind() == AirtableApiException.Kind.REJECTED) {
                    throw e;
                }
                lastProblem = e.getMessage();
                metrics.retry();
                if (e.kind() == AirtableApiException.Kind.RATE_LIMITED) {
                    metrics.rateLimited();
                    continue;
                }
                long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
                Thread.sleep(sleep);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
    }

    private static List<List<Planned>> chunks(List<Planned> all) {
        List<List<Planned>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += AirtableClient.MAX_RECORDS_PER_WRITE) {
            chunks.add(all.subList(i, Math.min(all.size(), i + AirtableClient.MAX_RECORDS_PER_WRITE)));
        }
        return chunks;
    }

    private static Instant time(WriteIntentEvent i) {
        // Airtable keeps milliseconds: compare what it can hold
        return i.sourceTime() == null ? Instant.EPOCH : i.sourceTime().truncatedTo(ChronoUnit.MILLIS);
    }

    private WriteOutcome outcome(SourcedIntent s, Outcome outcome, String recordId, Integer status, String errorType, String detail) {
        return new WriteOutcome(s, resultEvent(s, outcome, recordId, status, errorType, detail), null);
    }

    private SyncResultEvent resultEvent(SourcedIntent s, Outcome outcome, String recordId, Integer status, String errorType, String detail) {
        WriteIntentEvent i = s.intent();
        return new SyncResultEvent(SyncResultEvent.SCHEMA_VERSION, EventIds.derived("result", i.intentId(), outcome.name()), outcome, baseId,
                i.table(), i.syncKey(), recordId, i.sourceEventId(), i.repairId(), i.intentId(), i.sourceTime(), Instant.now(), status,
                errorType, detail);
    }
}
