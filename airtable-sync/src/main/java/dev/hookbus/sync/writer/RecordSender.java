package dev.hookbus.sync.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.AirtableRecord;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.events.WriteIntentEvent.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends planned records ≤ 10 per request within the base's rate budget, retried by {@link Retrying}; keeps the ledger
 * in step with what Airtable accepted. A refused request is bisected (Airtable applies a request entirely or not at all)
 * so only the one bad record is dead-lettered; a record deleted behind the writer's back is written again.
 */
final class RecordSender {
    enum Kind {
        WRITE,
        DELETE
    }

    private final String baseId;
    private final AirtableClient client;
    private final FieldMapping mapping;
    private final RateBudget budget;
    private final Retrying retrying;
    private final BaseWriter.Metrics metrics;
    private final Ledger ledger;
    private final Outcomes outcomes;
    private final ObjectMapper json = new ObjectMapper();

    RecordSender(String baseId, AirtableClient client, FieldMapping mapping, RateBudget budget, Retrying retrying, BaseWriter.Metrics metrics,
            Ledger ledger, Outcomes outcomes) {
        this.baseId = baseId;
        this.client = client;
        this.mapping = mapping;
        this.budget = budget;
        this.retrying = retrying;
        this.metrics = metrics;
        this.ledger = ledger;
        this.outcomes = outcomes;
    }

    /**
     * Sends one request of ≤ 10 records of a table (retried, and halved when refused), adding every record's outcome to
     * {@code out} in order; {@code tokenTaken} runs once its first token is taken, right before the request leaves (it
     * may still stop it: a writer closed meanwhile sends nothing more).
     */
    void send(FieldMapping.TableMapping table, List<PlannedWrite> chunk, Kind kind, List<WriteOutcome> out, TokenTaken tokenTaken)
            throws InterruptedException {
        send(table, chunk, kind, out, new TellingToken(budget, tokenTaken));
    }

    private void send(FieldMapping.TableMapping table, List<PlannedWrite> chunk, Kind kind, List<WriteOutcome> out) throws InterruptedException {
        send(table, chunk, kind, out, budget);
    }

    private void send(FieldMapping.TableMapping table, List<PlannedWrite> chunk, Kind kind, List<WriteOutcome> out, RateBudget tokens)
            throws InterruptedException {
        try {
            List<AirtableRecord> written = retrying.untilDone(() -> call(table, chunk, kind, tokens));
            for (int n = 0; n < chunk.size(); n++) {
                PlannedWrite p = chunk.get(n);
                String recordId = kind == Kind.DELETE ? p.recordId() : written.get(n).id();
                synchronized (ledger) {
                    remember(p, kind, recordId);
                }
                metrics.written(p.outcome(), p.source().intent().sourceTime());
                out.add(outcomes.of(p.source(), p.outcome(), recordId, null));
            }
        } catch (AirtableApiException rejected) {
            if (chunk.size() > 1) {
                int half = chunk.size() / 2;
                send(table, chunk.subList(0, half), kind, out);
                send(table, chunk.subList(half, chunk.size()), kind, out);
                return;
            }
            PlannedWrite p = chunk.get(0);
            Operation operation = p.source().intent().operation();
            if (kind == Kind.WRITE && p.recordId() != null && rejected.status() == 404 && p.source().intent().syncKey() != null
                    && (operation == Operation.UPSERT || operation == Operation.ENSURE)) {
                // the record was deleted behind our back: write it again
                synchronized (ledger) {
                    ledger.deleted(p.recordId());
                }
                send(table, List.of(new PlannedWrite(p.source(), Outcome.CREATED, null, p.fields())), Kind.WRITE, out);
                return;
            }
            metrics.written(Outcome.DEAD_LETTERED, p.source().intent().sourceTime());
            out.add(outcomes.deadLettered(p.source(), p.recordId(), rejected.status(), rejected.errorType(), rejected.getMessage()));
        }
    }

    /** Told when a request's token is taken, right before it leaves; throws to stop it. */
    interface TokenTaken {
        void taken() throws InterruptedException;
    }

    /** The base's budget, telling when its first token is taken (the caller may then fill the next request). */
    private static final class TellingToken implements RateBudget {
        private final RateBudget budget;
        private TokenTaken tokenTaken;

        TellingToken(RateBudget budget, TokenTaken tokenTaken) {
            this.budget = budget;
            this.tokenTaken = tokenTaken;
        }

        @Override
        public void acquire() throws InterruptedException {
            budget.acquire();
            if (tokenTaken != null) {
                TokenTaken first = tokenTaken;
                tokenTaken = null;
                first.taken();
            }
        }

        @Override
        public void penalize(java.time.Duration penalty) {
            budget.penalize(penalty);
        }

        @Override
        public boolean isPenalized() {
            return budget.isPenalized();
        }

        @Override
        public java.time.Duration waitEstimate() {
            return budget.waitEstimate();
        }
    }

    /** The ledger after Airtable accepted the record. */
    private void remember(PlannedWrite p, Kind kind, String recordId) {
        WriteIntentEvent i = p.source().intent();
        if (kind == Kind.DELETE || p.outcome() == Outcome.MARKED_ORPHANED) {
            ledger.deleted(recordId);
        } else if (i.syncKey() != null && p.fields().has(mapping.contentHashField())) {
            if (p.outcome() == Outcome.ADOPTED) {
                // a re-keyed or adopted record no longer holds its former key
                ledger.deleted(recordId);
            }
            ledger.written(p.fields().path(mapping.syncKeyField()).asText(i.syncKey()), recordId, p.fields().path(mapping.contentHashField())
                    .asText(i.contentHash()), i.operation() == Operation.ENSURE ? null : SourceTimes.of(i));
        }
    }

    private List<AirtableRecord> call(FieldMapping.TableMapping table, List<PlannedWrite> chunk, Kind kind, RateBudget budget)
            throws InterruptedException {
        metrics.request();
        if (kind == Kind.DELETE) {
            client.delete(budget, baseId, table.table(), chunk.stream().map(PlannedWrite::recordId).toList());
            return List.of();
        }
        List<ObjectNode> records = new ArrayList<>();
        for (PlannedWrite p : chunk) {
            ObjectNode record = json.createObjectNode();
            if (p.recordId() != null) {
                record.put("id", p.recordId());
            }
            record.set("fields", p.fields());
            records.add(record);
        }
        return client.upsert(budget, baseId, table.table(), mapping.syncKeyField(), records).records();
    }
}
