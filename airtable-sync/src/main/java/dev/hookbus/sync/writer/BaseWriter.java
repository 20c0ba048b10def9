package dev.hookbus.sync.writer;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.catalog.SyncKeys;
import dev.hookbus.events.SyncResultEvent.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one owner of a base, as a pipeline rather than a poll batch at a time: intents are {@link #submit submitted} as they
 * are read and wait per table, one per key ({@link IntentMerge}: the newest Source Time wins); an intent is planned
 * against the {@link Ledger} ({@link WritePlanner}) once the records it links to (its plugin, its marketplace) and the
 * earlier intent of its own key are answered; planned records leave ≤ 10 per request ({@link RecordSender}), up to
 * {@code requestsInFlight} requests at once. The dispatcher waits for the base's token to be free before it fills a
 * request, so the request carries whatever arrived while it waited: 10 records whenever the table has 10 planned, fewer only when the
 * table has nothing else waiting (or nothing is in flight that could free more). An intent by record id (a delete, a
 * mark, an adoption) is a barrier in its table: it goes after every earlier intent of the table is answered, and the
 * later ones after it. A submission's future completes once every one of its intents is answered.
 */
public final class BaseWriter {
    private static final Logger LOG = Logger.getLogger(BaseWriter.class);

    /** Counters the service exposes as metrics. */
    public interface Metrics {
        void request();

        void rateLimited();

        void retry();

        void written(Outcome outcome, Instant sourceTime);
    }

    private static final ExecutorService LANES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "airtable-request");
        thread.setDaemon(true);
        return thread;
    });
    /** Completions run here, never under the writer's lock (their callbacks publish and acknowledge). */
    private static final ExecutorService COMPLETIONS = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "write-completions");
        thread.setDaemon(true);
        return thread;
    });
    private static final int FULL = AirtableClient.MAX_RECORDS_PER_WRITE;
    /** How often the dispatcher looks again for the base's next token (a penalty may arrive while it waits). */
    private static final long TOKEN_LOOK_MS = 50;
    /** How long a partial request waits for more records while other requests are in flight: about one round trip. */
    private static final Duration PARTIAL_HOLD = Duration.ofMillis(250);
    /** How long a closing writer lets its requests in flight finish before it interrupts them. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final String baseId;
    private final AirtableClient client;
    private final FieldMapping mapping;
    private final RateBudget budget;
    private final Metrics metrics;
    private final Retrying retrying;
    private final Outcomes outcomes;
    private final Duration maxBackoff;
    private final int requestsInFlight;
    private final Object listing = new Object();
    private volatile Ledger ledger;
    private volatile String failure;

    // guarded by this
    private final Map<String, LinkedHashMap<String, Waiting>> waiting = new HashMap<>();
    private final Map<String, ArrayDeque<Planned>> writesReady = new HashMap<>();
    private final Map<String, ArrayDeque<Planned>> deletesReady = new HashMap<>();
    private final Set<String> busyKeys = new HashSet<>();
    private final Set<String> claimedRecordIds = new HashSet<>();
    private final Map<String, Integer> busyPerTable = new HashMap<>();
    private final Map<String, Integer> byIdBusyPerTable = new HashMap<>();
    private final Set<Ticket> openTickets = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Future<?>> lanes = new HashSet<>();
    private Ledger plannedWith;
    private WritePlanner planner;
    private RecordSender sender;
    private int inFlight;
    private int open;
    private volatile boolean closed;
    private Thread dispatcher;

    public BaseWriter(String baseId, AirtableClient client, FieldMapping mapping, RateBudget budget, Duration initialBackoff,
            Duration maxBackoff, int requestsInFlight, Metrics metrics) {
        this.requestsInFlight = requestsInFlight;
        this.baseId = baseId;
        this.client = client;
        this.mapping = mapping;
        this.budget = budget;
        this.metrics = metrics;
        this.maxBackoff = maxBackoff;
        this.retrying = new Retrying(initialBackoff, maxBackoff, metrics);
        this.outcomes = new Outcomes(baseId);
    }

    /** The intents of one submission, and what became of each. */
    private static final class Ticket {
        final List<WriteOutcome> outcomes = new ArrayList<>();
        final CompletableFuture<List<WriteOutcome>> done = new CompletableFuture<>();
        int open;
    }

    private record Waiting(String key, SourcedIntent source, Ticket ticket) {
    }

    private record Planned(String key, PlannedWrite write, Ticket ticket, long plannedAt) {
    }

    private record Request(FieldMapping.TableMapping table, RecordSender.Kind kind, List<Planned> records, RecordSender sender) {
    }

    /** Why the last call to Airtable failed and is being retried, or null. */
    public String lastProblem() {
        String problem = failure;
        return problem != null ? problem : retrying.lastProblem();
    }

    /** The ledger is listed again before the next intent is planned (call it with nothing open: after {@link #drain()}). */
    public void relistLedger() {
        synchronized (listing) {
            ledger = null;
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Lists the ledger if it is not listed yet: done when the writer takes the base, so its first write need not wait. */
    public void listLedger() throws InterruptedException {
        synchronized (listing) {
            if (ledger == null) {
                ledger = retrying.untilDone(() -> Ledger.load(client, budget, baseId, mapping));
            }
        }
    }

    public boolean ledgerListed() {
        return ledger != null;
    }

    /**
     * Takes intents to write; the future completes, with an outcome for each intent that has one, once all are answered.
     * It completes with a {@link CancellationException} when the writer is closed first (the base moved: the intents are
     * left for the new owner, which reads them again).
     */
    public synchronized CompletableFuture<List<WriteOutcome>> submit(List<SourcedIntent> intents) {
        Ticket ticket = new Ticket();
        if (closed) {
            ticket.done.completeExceptionally(new CancellationException("the writer of base " + baseId + " is closed"));
            return ticket.done;
        }
        if (intents.isEmpty()) {
            ticket.done.complete(List.of());
            return ticket.done;
        }
        ticket.open = intents.size();
        open += intents.size();
        LOG.debugf("base %s: %d intent(s) submitted", baseId, intents.size());
        openTickets.add(ticket);
        List<Ticket> completed = new ArrayList<>();
        for (SourcedIntent s : intents) {
            enqueue(s, ticket, completed);
        }
        complete(completed);
        if (dispatcher == null) {
            dispatcher = new Thread(this::dispatch, "writer-" + baseId);
            dispatcher.setDaemon(true);
            dispatcher.start();
        }
        notifyAll();
        return ticket.done;
    }

    /** {@link #submit} and wait for the outcomes. */
    public List<WriteOutcome> apply(List<SourcedIntent> intents) throws InterruptedException {
        try {
            return submit(intents).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Waits until every intent submitted so far is answered (or the writer is closed). */
    public synchronized void drain() throws InterruptedException {
        while (open > 0 && !closed) {
            wait();
        }
    }

    /**
     * Stops taking tokens and lets the requests in flight be answered (up to ten seconds), so the base's
     * next owner lists a ledger that holds them; the open submissions complete with a {@link CancellationException}.
     */
    public void close() {
        List<Future<?>> running;
        synchronized (this) {
            closed = true;
            if (dispatcher != null) {
                dispatcher.interrupt();
            }
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            try {
                for (long left = CLOSE_WAIT.toNanos(); inFlight > 0 && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = new ArrayList<>(lanes);
            for (Ticket ticket : openTickets) {
                COMPLETIONS.execute(() -> ticket.done.completeExceptionally(new CancellationException("the writer of base " + baseId + " is closed")));
            }
            openTickets.clear();
            notifyAll();
        }
        running.forEach(lane -> lane.cancel(true));
    }

    /** One intent joins its table's queue; a waiting intent of the same key is merged with it (the loser is answered). */
    private void enqueue(SourcedIntent s, Ticket ticket, List<Ticket> completed) {
        String table = s.intent().table();
        if (table == null || mapping.forTable(table).isEmpty()) {
            resolve(ticket, outcomes.deadLettered(s, s.intent().recordId(), 0, "UNKNOWN_TABLE", "no table '" + table + "' in the field mapping"),
                    completed);
            return;
        }
        String key = IntentMerge.key(s.intent());
        LinkedHashMap<String, Waiting> forTable = waiting.computeIfAbsent(table, t -> new LinkedHashMap<>());
        Waiting current = forTable.get(key);
        if (current == null) {
            forTable.put(key, new Waiting(key, s, ticket));
            return;
        }
        List<WriteOutcome> out = new ArrayList<>();
        SourcedIntent winner = IntentMerge.winners(List.of(current.source(), s), outcomes, out).get(key);
        Waiting loser = winner == s ? current : new Waiting(key, s, ticket);
        if (winner == s) {
            forTable.put(key, new Waiting(key, s, ticket));
        }
        resolve(loser.ticket(), out.isEmpty() ? null : out.get(0), completed);
    }

    private void dispatch() {
        while (!dispatchUntilClosed()) {
            try {
                Thread.sleep(maxBackoff.toMillis());
            } catch (InterruptedException stopped) {
                return;
            }
        }
    }

    /** True once closed; false after a fault of ours (logged, and the dispatcher goes on after a pause). */
    private boolean dispatchUntilClosed() {
        try {
            while (true) {
                if (ledger == null) {
                    listLedger();
                }
                synchronized (this) {
                    while (!closed && ledger != null && (inFlight >= requestsInFlight || !choose())) {
                        if (inFlight < requestsInFlight && heldUntil != 0) {
                            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, heldUntil - System.nanoTime()));
                        } else {
                            wait();
                        }
                    }
                    if (closed) {
                        return true;
                    }
                    if (ledger == null) {
                        continue;
                    }
                }
                // outside the lock: while the token is on its way, intents keep arriving and being planned. The request
                // takes the token itself, right before it leaves (Airtable counts arrivals): the dispatcher waits for it
                // to be free, fills the request, and looks for the next token only once this one is taken.
                awaitToken();
                Request request;
                CountDownLatch taken = new CountDownLatch(1);
                synchronized (this) {
                    if (closed) {
                        return true;
                    }
                    request = take();
                    if (request == null) {
                        continue;
                    }
                    inFlight++;
                    lanes.add(LANES.submit(() -> send(request, taken)));
                }
                taken.await();
            }
        } catch (InterruptedException stopped) {
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "base %s: the writer failed; it goes on in %s", baseId, maxBackoff);
            failure = "the writer failed: " + e;
            return false;
        }
    }

    // the table and kind of the next request, as the last choose() found them; when the next partial request may go
    private FieldMapping.TableMapping chosenTable;
    private RecordSender.Kind chosenKind;
    private long heldUntil;

    /**
     * Plans every waiting intent that may go now and finds the next request: a full one; a partial one only when
     * nothing is in flight (an idle base writes a single change at once) or once its first record has waited
     * {@link #PARTIAL_HOLD}: while requests are in flight, more records of a stream arrive and their answers free more.
     */
    private boolean choose() {
        promote();
        long now = System.nanoTime();
        heldUntil = 0;
        for (FieldMapping.TableMapping table : mapping.tablesInWriteOrder()) {
            for (RecordSender.Kind kind : RecordSender.Kind.values()) {
                ArrayDeque<Planned> ready = ready(kind).get(table.table());
                if (ready == null || ready.isEmpty()) {
                    continue;
                }
                long mayGoAt = ready.peek().plannedAt() + PARTIAL_HOLD.toNanos();
                if (ready.size() >= FULL || inFlight == 0 || now - mayGoAt >= 0) {
                    chosenTable = table;
                    chosenKind = kind;
                    return true;
                }
                heldUntil = heldUntil == 0 || mayGoAt - heldUntil < 0 ? mayGoAt : heldUntil;
            }
        }
        return false;
    }

    /** The next request, filled now (or null: what arrived meanwhile is worth waiting for). */
    private Request take() {
        if (!choose()) {
            return null;
        }
        ArrayDeque<Planned> ready = ready(chosenKind).get(chosenTable.table());
        List<Planned> records = new ArrayList<>();
        while (records.size() < FULL && !ready.isEmpty()) {
            records.add(ready.poll());
        }
        return new Request(chosenTable, chosenKind, records, sender);
    }

    private Map<String, ArrayDeque<Planned>> ready(RecordSender.Kind kind) {
        return kind == RecordSender.Kind.WRITE ? writesReady : deletesReady;
    }

    /** Moves the waiting intents whose parents and own key are answered into planning, parents' tables first. */
    private void promote() {
        Ledger current = ledger;
        if (current == null) {
            return;
        }
        if (plannedWith != current) {
            planner = new WritePlanner(mapping, current, outcomes, claimedRecordIds);
            sender = new RecordSender(baseId, client, mapping, budget, retrying, metrics, current, outcomes);
            plannedWith = current;
        }
        List<Ticket> completed = new ArrayList<>();
        for (FieldMapping.TableMapping table : mapping.tablesInWriteOrder()) {
            LinkedHashMap<String, Waiting> forTable = waiting.get(table.table());
            if (forTable == null || forTable.isEmpty() || byIdBusyPerTable.getOrDefault(table.table(), 0) > 0) {
                continue;
            }
            List<Waiting> plannable = new ArrayList<>();
            boolean earlierWaits = false;
            for (Iterator<Waiting> it = forTable.values().iterator(); it.hasNext();) {
                Waiting w = it.next();
                if (IntentMerge.byId(w.source().intent())) {
                    // a barrier: it goes alone, after everything before it in its table
                    if (!earlierWaits && plannable.isEmpty() && busyPerTable.getOrDefault(table.table(), 0) == 0) {
                        plannable.add(w);
                        it.remove();
                    }
                    break;
                }
                if (busyKeys.contains(w.key()) || waitsForParent(w.source())) {
                    earlierWaits = true;
                    continue;
                }
                plannable.add(w);
                it.remove();
            }
            if (!plannable.isEmpty()) {
                plan(table, plannable, current, completed);
            }
        }
        if (!completed.isEmpty()) {
            complete(completed);
            notifyAll();
        }
    }

    /** Whether a record the intent links to (or its parent, which adoption matches on) is still waiting or being written. */
    private boolean waitsForParent(SourcedIntent s) {
        String parent = s.intent().syncKey() == null ? null : SyncKeys.parent(s.intent().syncKey());
        if (parent != null && unanswered(parent)) {
            return true;
        }
        for (List<String> keys : s.intent().links().values()) {
            for (String key : keys) {
                if (unanswered(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean unanswered(String key) {
        if (busyKeys.contains(key)) {
            return true;
        }
        for (LinkedHashMap<String, Waiting> forTable : waiting.values()) {
            if (forTable.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    private void plan(FieldMapping.TableMapping table, List<Waiting> plannable, Ledger current, List<Ticket> completed) {
        Map<SourcedIntent, Waiting> bySource = new IdentityHashMap<>();
        plannable.forEach(w -> bySource.put(w.source(), w));
        List<WriteOutcome> out = new ArrayList<>();
        WritePlanner.Plan plan;
        synchronized (current) {
            plan = planner.plan(table, plannable.stream().map(Waiting::source).toList(), out);
        }
        Set<SourcedIntent> answered = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WriteOutcome o : out) {
            answered.add(o.source());
            resolve(bySource.get(o.source()).ticket(), o, completed);
        }
        queue(table, plan.writes(), writesReady, bySource, answered);
        queue(table, plan.deletes(), deletesReady, bySource, answered);
        for (SourcedIntent s : plan.deferred()) {
            // its record is being written for another intent: it waits, and is planned again after that one is answered
            Waiting w = bySource.get(s);
            answered.add(s);
            waiting.get(table.table()).put(w.key(), w);
        }
        for (Waiting w : plannable) {
            if (!answered.contains(w.source())) {
                // nothing to do (an ENSURE whose record exists)
                resolve(w.ticket(), null, completed);
            }
        }
    }

    private void queue(FieldMapping.TableMapping table, List<PlannedWrite> planned, Map<String, ArrayDeque<Planned>> ready,
            Map<SourcedIntent, Waiting> bySource, Set<SourcedIntent> answered) {
        for (PlannedWrite p : planned) {
            Waiting w = bySource.get(p.source());
            answered.add(p.source());
            ready.computeIfAbsent(table.table(), t -> new ArrayDeque<>()).add(new Planned(w.key(), p, w.ticket(), System.nanoTime()));
            busyKeys.add(w.key());
            busyPerTable.merge(table.table(), 1, Integer::sum);
            if (IntentMerge.byId(p.source().intent())) {
                byIdBusyPerTable.merge(table.table(), 1, Integer::sum);
            }
        }
    }

    /** Until the base's next token is free (another caller of the budget may still take it first). */
    private void awaitToken() throws InterruptedException {
        for (Duration wait = budget.waitEstimate(); !wait.isZero(); wait = budget.waitEstimate()) {
            Thread.sleep(Math.max(1, Math.min(TOKEN_LOOK_MS, wait.toMillis())));
        }
    }

    /** One request, on a lane of its own; its answer frees its keys and may let waiting intents go. */
    private void send(Request request, CountDownLatch taken) {
        List<WriteOutcome> out = new ArrayList<>();
        if (LOG.isDebugEnabled()) {
            LOG.debugf("base %s: %s request of %d record(s) to %s, %d in flight", baseId, request.kind(), request.records().size(),
                    request.table().table(), inFlight);
        }
        try {
            request.sender().send(request.table(), request.records().stream().map(Planned::write).toList(), request.kind(), out, () -> {
                taken.countDown();
                if (closed) {
                    throw new InterruptedException("the writer of base " + baseId + " is closed");
                }
            });
        } catch (InterruptedException closing) {
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
            return;
        } catch (RuntimeException e) {
            taken.countDown();
            // not Airtable's answer (that is retried or dead-lettered): a fault of ours; the records wait and go again
            LOG.errorf(e, "base %s: a request of %d record(s) to %s failed; sent again in %s", baseId, request.records().size(),
                    request.table().table(), maxBackoff);
            failure = "a request failed: " + e;
            try {
                Thread.sleep(maxBackoff.toMillis());
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                ArrayDeque<Planned> ready = ready(request.kind()).computeIfAbsent(request.table().table(), t -> new ArrayDeque<>());
                for (int n = request.records().size() - 1; n >= 0; n--) {
                    ready.addFirst(request.records().get(n));
                }
                inFlight--;
                notifyAll();
            }
            return;
        } finally {
            taken.countDown();
        }
        failure = null;
        Map<SourcedIntent, Planned> bySource = new IdentityHashMap<>();
        request.records().forEach(p -> bySource.put(p.write().source(), p));
        List<Ticket> completed = new ArrayList<>();
        synchronized (this) {
            for (WriteOutcome o : out) {
                Planned p = bySource.get(o.source());
                resolve(p.ticket(), o, completed);
            }
            for (Planned p : request.records()) {
                String table = request.table().table();
                busyKeys.remove(p.key());
                if (p.write().recordId() != null) {
                    claimedRecordIds.remove(p.write().recordId());
                }
                busyPerTable.merge(table, -1, Integer::sum);
                if (IntentMerge.byId(p.write().source().intent())) {
                    byIdBusyPerTable.merge(table, -1, Integer::sum);
                }
            }
            inFlight--;
            lanes.removeIf(Future::isDone);
            complete(completed);
            notifyAll();
        }
    }

    private void resolve(Ticket ticket, WriteOutcome outcome, List<Ticket> completed) {
        if (outcome != null) {
            ticket.outcomes.add(outcome);
        }
        open--;
        if (--ticket.open == 0) {
            completed.add(ticket);
        }
    }

    private void complete(List<Ticket> completed) {
        for (Ticket ticket : completed) {
            if (openTickets.remove(ticket)) {
                List<WriteOutcome> result = List.copyOf(ticket.outcomes);
                COMPLETIONS.execute(() -> ticket.done.complete(result));
            }
        }
    }
}
