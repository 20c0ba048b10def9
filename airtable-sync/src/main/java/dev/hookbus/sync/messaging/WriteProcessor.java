package dev.hookbus.sync.messaging;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.kit.ops.OpsOutcomes;
import dev.hookbus.sync.budget.BaseBudgets;
import dev.hookbus.sync.config.SyncConfig;
import dev.hookbus.sync.writer.BaseWriter;
import dev.hookbus.sync.writer.SourcedIntent;
import dev.hookbus.sync.writer.WriteOutcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The writer: consumes the writes topic in batches (the topic is keyed by base, so one consumer owns each base) and
 * hands each base's intents to its {@link BaseWriter} without waiting for them: the next batch joins the same requests.
 * A batch is acknowledged once all its intents are answered and every outcome is published, so offsets are committed
 * only after Airtable accepted the writes (the commit strategy commits an offset once every record before it is acked).
 */
@ApplicationScoped
@Identifier("writer-rebalance")
@jakarta.enterprise.inject.Default
public class WriteProcessor implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(WriteProcessor.class);

    @Inject
    AirtableClient client;
    @Inject
    FieldMapping mapping;
    @Inject
    SyncConfig config;
    @Inject
    SyncPublisher publisher;
    @Inject
    SyncMetrics metrics;
    @Inject
    DeadLetters deadLetters;
    @Inject
    OpsOutcomes outcomes;
    @Inject
    BaseBudgets budgets;
    @Inject
    dev.hookbus.sync.config.AirtableSetup setup;
    @Inject
    BaseRouting routing;

    private final Map<String, BaseWriter> writers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> paused = new ConcurrentHashMap<>();
    private final Map<String, List<SourcedIntent>> stashed = new ConcurrentHashMap<>();
    private final List<HeldBatch> heldBatches = new ArrayList<>();
    private final PipelineCapacity capacity = new PipelineCapacity(MAX_INTENTS_IN_PIPELINE);
    /** Intents read and not yet answered, at most: beyond it the next batch waits (memory, and a bounded redelivery). */
    static final int MAX_INTENTS_IN_PIPELINE = 20_000;
    private static final ExecutorService LISTING = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "ledger-listing");
        thread.setDaemon(true);
        return thread;
    });
    /** The ledgers' listings themselves, one thread per base being listed (each waits on its own base's budget). */
    private static final ExecutorService LEDGER_LISTINGS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ledger-listing-base");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Future<Void> listing;
    private volatile boolean assignedOnce;
    private volatile boolean primed;

    @Incoming(Channels.WRITES_IN)
    @Blocking
    public CompletionStage<Void> onBatch(KafkaRecordBatch<String, byte[]> batch) throws InterruptedException {
        Map<String, List<SourcedIntent>> byBase = new LinkedHashMap<>();
        List<io.smallrye.mutiny.Uni<Void>> asides = new ArrayList<>();
        int intents = 0;
        if (LOG.isDebugEnabled() && !batch.getRecords().isEmpty()) {
            LOG.debugf("a batch of %d intent(s), the first received %d ms after the broker appended it", batch.getRecords().size(),
                    System.currentTimeMillis() - batch.getRecords().get(0).getTimestamp().toEpochMilli());
        }
        for (KafkaRecord<String, byte[]> record : batch) {
            long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
            WriteIntentEvent intent;
            try {
                intent = EventJson.read(record.getPayload(), WriteIntentEvent.class);
                if (intent.baseId() == null || intent.operation() == null) {
                    throw new IllegalArgumentException("a write intent needs a base id and an operation");
                }
            } catch (RuntimeException unreadable) {
                asides.add(deadLetters.unreadable(record.getKey(), record.getPayload(), record.getHeaders(), record.getTopic(),
                        record.getPartition(), offset, "write", unreadable));
                continue;
            }
            Map<String, byte[]> headers = new LinkedHashMap<>();
            record.getHeaders().forEach(h -> headers.put(h.key(), h.value()));
            byBase.computeIfAbsent(intent.baseId(), b -> new ArrayList<>())
                    .add(new SourcedIntent(intent, record.getTopic(), record.getPartition(), offset, record.getKey(), record.getPayload(), headers));
            intents++;
        }
        if (!asides.isEmpty()) {
            publisher.all(asides).await().indefinitely();
        }
        int taken = intents;
        long generation = capacity.take(taken);
        List<CompletableFuture<List<WriteOutcome>>> written = new ArrayList<>();
        boolean holdBatch = false;
        try {
            for (Map.Entry<String, List<SourcedIntent>> entry : byBase.entrySet()) {
                String baseId = entry.getKey();
                List<SourcedIntent> work = new ArrayList<>();
                for (SourcedIntent s : entry.getValue()) {
                    if (s.intent().operation() == WriteIntentEvent.Operation.CONTROL) {
                        work = control(baseId, s, work);
                    } else {
                        work.add(s);
                    }
                }
                if (Boolean.TRUE.equals(paused.get(baseId))) {
                    // held, not acknowledged: a restart while paused re-reads them
                    stashed.computeIfAbsent(baseId, b -> new ArrayList<>()).addAll(work);
                    holdBatch = true;
                    continue;
                }
                if (!work.isEmpty()) {
                    written.add(writer(baseId).submit(work));
                }
            }
        } catch (CancellationException moved) {
            // the base moved to another replica while this batch was read: not acknowledged, its next owner reads it again
            LOG.debugf("a batch of the writes topic is left for the base's next owner: %s", moved.getMessage());
            capacity.give(taken, generation);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> published = CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .thenCompose(all -> publish(written.stream().flatMap(w -> w.join().stream()).toList()))
                .whenComplete((done, failure) -> capacity.give(taken, generation));
        if (holdBatch) {
            synchronized (heldBatches) {
                heldBatches.add(new HeldBatch(batch, published));
            }
        } else {
            // acknowledged once written and published; a batch the base's new owner takes over (the writer was closed)
            // is never acknowledged here: the owner reads it again
            published.thenCompose(ignored -> batch.ack());
        }
        // the next batch need not wait: the writer fills its requests from every batch that arrived
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> publish(List<WriteOutcome> outcomes) {
        outcomes.forEach(o -> {
            if (o.result() != null) {
                metrics.outcome(o.result().outcome());
            }
        });
        List<io.smallrye.mutiny.Uni<Void>> sends = new ArrayList<>();
        sends.add(publisher.outcomes(outcomes));
        outcomes.stream().filter(o -> o.deadLetterReason() != null).forEach(o -> sends.add(deadLetters.refused(o)));
        return publisher.all(sends).subscribeAsCompletionStage();
    }

    /** Base-scoped commands, applied in order with the writes of the base. */
    private List<SourcedIntent> control(String baseId, SourcedIntent s, List<SourcedIntent> pending) throws InterruptedException {
        WriteIntentEvent.BaseControl control = s.intent().control();
        if (control == null) {
            return pending;
        }
        switch (control.command()) {
            case PAUSE -> {
                if (!Boolean.TRUE.equals(paused.get(baseId))) {
                    // everything before the pause is written (and answered) before the pause is
                    if (!pending.isEmpty()) {
                        List<WriteOutcome> done = writer(baseId).apply(pending);
                        publish(done).toCompletableFuture().join();
                        pending = new ArrayList<>();
                    }
                    writer(baseId).drain();
                }
                paused.put(baseId, true);
                answer(control, "base.pause", "base " + baseId + " paused: its intents wait, in order, until base.resume");
            }
            case RESUME -> {
                paused.remove(baseId);
                List<SourcedIntent> held = stashed.remove(baseId);
                List<SourcedIntent> resumed = new ArrayList<>(held == null ? List.of() : held);
                resumed.addAll(pending);
                pending = resumed;
                answer(control, "base.resume", "base " + baseId + " resumed; " + (held == null ? 0 : held.size()) + " held intent(s) written now");
                releaseHeldBatches();
            }
            case RELIST_LEDGER -> {
                if (!pending.isEmpty()) {
                    writer(baseId).submit(pending);
                    pending = new ArrayList<>();
                }
                writer(baseId).drain();
                writer(baseId).relistLedger();
                answer(control, "ledger.relist", "base " + baseId + ": the ledger is listed again before the next write");
            }
            default -> LOG.warnf("base %s: unknown control command %s ignored", baseId, control.commandId());
        }
        return pending;
    }

    /** The operator hears what the base's owner did with the command (outcomes are per command id). */
    private void answer(WriteIntentEvent.BaseControl control, String command, String message) {
        outcomes.publish(new OpsOutcomeEvent(OpsOutcomeEvent.SCHEMA_VERSION, control.commandId(), OpsCommandEvent.AIRTABLE_SYNC, command,
                OpsOutcomeEvent.Status.DONE, message, Map.of(), java.time.Instant.now()));
    }

    private void releaseHeldBatches() {
        synchronized (heldBatches) {
            heldBatches.forEach(held -> held.written().thenCompose(ignored -> held.batch().ack()));
            heldBatches.clear();
        }
    }

    /** A batch that held a paused base's intents: acknowledged at resume, once its other writes are published. */
    private record HeldBatch(KafkaRecordBatch<String, byte[]> batch, CompletionStage<Void> written) {
    }

    /**
     * The writer of a base this replica owns; a base it does not own (its partition moved while a batch of it was being
     * read) throws a {@link CancellationException}, so no writer of it is made after the writers were closed.
     */
    private synchronized BaseWriter writer(String baseId) {
        if (!budgets.owns(baseId)) {
            throw new CancellationException("base " + baseId + " is not written by this replica now");
        }
        return writers.computeIfAbsent(baseId, b -> new BaseWriter(b, client, mapping, budgets.of(b),
                config.initialBackoff(), config.maxBackoff(), config.requestsInFlight(), metrics));
    }

    /** Problems of the writers that are being retried (for readiness). */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        writers.forEach((base, w) -> {
            if (w.lastProblem() != null) {
                problems.put(base, w.lastProblem());
            }
        });
        return problems;
    }

    public Map<String, Boolean> paused() {
        return Map.copyOf(paused);
    }

    /**
     * Why this replica is not ready to write yet, or null: until the writes topic's partitions are first assigned and
     * the ledger of every routed base this replica owns is listed, an event would wait for both; after that, rebalances
     * do not take readiness away (the new owner lists its ledgers the same way, in the background).
     */
    public String notReadyToWrite() {
        if (primed) {
            return null;
        }
        if (!assignedOnce) {
            return "the writes topic's partitions are not assigned yet";
        }
        for (String baseId : routing.bases()) {
            BaseWriter writer = writers.get(baseId);
            if (budgets.owns(baseId) && (writer == null || !writer.ledgerListed())) {
                return "listing the ledger of base " + baseId;
            }
        }
        primed = true;
        return null;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // a new owner lists the ledgers again; the budgets hold their tokens a second
        stopListing();
        closeWriters(() -> budgets.assigned(partitions));
        List<String> owned = routing.bases().stream().filter(budgets::owns).toList();
        if (!owned.isEmpty()) {
            listing = LISTING.submit(() -> listLedgersOf(owned));
        }
        assignedOnce = true;
    }

    /**
     * The ledgers listed as soon as the bases are taken, not at their first write (after the startup's schema check; the
     * writers of the previous assignment are closed by then, their requests answered). Each base has its own budget, so
     * they are listed side by side.
     */
    private Void listLedgersOf(List<String> baseIds) throws InterruptedException {
        setup.awaitStartupCheck();
        List<Future<?>> listings = new ArrayList<>();
        for (String baseId : baseIds) {
            listings.add(LEDGER_LISTINGS.submit(() -> {
                try {
                    writer(baseId).listLedger();
                } catch (CancellationException moved) {
                    // taken by another replica meanwhile
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            for (Future<?> one : listings) {
                one.get();
            }
        } catch (InterruptedException stopped) {
            // the bases moved: a listing left running would spend the budget its next owner counts on
            listings.forEach(one -> one.cancel(true));
            throw stopped;
        } catch (java.util.concurrent.ExecutionException failed) {
            LOG.warnf("listing a ledger failed (%s); the base's first write lists it again", failed.getCause().toString());
        }
        return null;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        stopListing();
        closeWriters(() -> budgets.revoked(partitions));
    }

    /**
     * The writers stop, and their requests in flight are answered first, so the base's next owner (maybe this replica)
     * lists a ledger that holds them; what they had not written is read again by that owner.
     */
    private synchronized void closeWriters(Runnable thenOwnership) {
        thenOwnership.run();
        writers.values().forEach(BaseWriter::close);
        writers.clear();
        capacity.reset();
    }

    private void stopListing() {
        Future<Void> running = listing;
        if (running != null) {
            running.cancel(true);
        }
    }

}
