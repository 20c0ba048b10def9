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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends planned records ≤ 10 per request within the base's rate budget, retried by {@link Retrying}; keeps the ledger
 * in step with what Airtable accepted. A refused request is bisected (Airtable applies a request entirely or not at all)
 * so only the one bad record is dead-lettered; a record deleted behind the writer's back is written again.
 */
final class RecordSender {
    private static final ExecutorService LANES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "airtable-request");
        thread.setDaemon(true);
        return thread;
    });

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
    private final int inFlight;

    RecordSender(String baseId, AirtableClient client, FieldMapping mapping, RateBudget budget, Retrying retrying, BaseWriter.Metrics metrics,
            Ledger ledger, Outcomes outcomes, int inFlight) {
        this.inFlight = inFlight;
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
     * Sends a table's records, full requests first and the one partial request last, up to {@code inFlight} requests
     * at once: each takes its own token, and at Airtable's round trip (~250 ms) one request at a time could not spend the
     * base's 5/s. The requests hold distinct keys (one intent per key wins the batch), so their order does not matter;
     * the caller's next table (children after parents) waits until all are answered. Outcomes keep the planned order.
     */
    void sendAll(FieldMapping.TableMapping table, List<PlannedWrite> planned, Kind kind, List<WriteOutcome> out) throws InterruptedException {
        List<List<PlannedWrite>> requests = new ArrayList<>();
        for (int i = 0; i < planned.size(); i += AirtableClient.MAX_RECORDS_PER_WRITE) {
            requests.add(planned.subList(i, Math.min(planned.size(), i + AirtableClient.MAX_RECORDS_PER_WRITE)));
        }
        if (requests.size() <= 1 || inFlight <= 1) {
            for (List<PlannedWrite> request : requests) {
                send(table, request, kind, out);
            }
            return;
        }
        List<List<WriteOutcome>> answered = new ArrayList<>();
        requests.forEach(r -> answered.add(new ArrayList<>()));
        AtomicInteger nextRequest = new AtomicInteger();
        List<Future<?>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(inFlight, requests.size()); lane++) {
            lanes.add(LANES.submit(() -> {
                for (int r = nextRequest.getAndIncrement(); r < requests.size(); r = nextRequest.getAndIncrement()) {
                    send(table, requests.get(r), kind, answered.get(r));
                }
                return null;
            }));
        }
        try {
            for (Future<?> lane : lanes) {
                lane.get();
            }
        } catch (ExecutionException e) {
            lanes.forEach(l -> l.cancel(true));
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            lanes.forEach(l -> l.cancel(true));
            throw e;
        }
        answered.forEach(out::addAll);
    }

    private void send(FieldMapping.TableMapping table, List<PlannedWrite> chunk, Kind kind, List<WriteOutcome> out) throws InterruptedException {
        try {
            List<AirtableRecord> written = retrying.untilDone(() -> call(table, chunk, kind));
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

    private List<AirtableRecord> call(FieldMapping.TableMapping table, List<PlannedWrite> chunk, Kind kind) throws InterruptedException {
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
