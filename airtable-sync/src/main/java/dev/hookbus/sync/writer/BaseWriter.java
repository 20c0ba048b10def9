package dev.hookbus.sync.writer;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.events.SyncResultEvent.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one owner of a base. Per poll batch: {@link IntentMerge} keeps one intent per key (newest Source Time wins),
 * {@link WritePlanner} decides against the {@link Ledger} what each becomes, and {@link RecordSender} writes ≤ 10 records
 * per request per table, parents first, up to {@code requestsInFlight} requests of a table at once, within the
 * base's {@link RateBudget}, retried by {@link Retrying}.
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
    private final Metrics metrics;
    private final Retrying retrying;
    private final Outcomes outcomes;
    private final int requestsInFlight;
    private volatile Ledger ledger;

    public BaseWriter(String baseId, AirtableClient client, FieldMapping mapping, RateBudget budget, Duration initialBackoff,
            Duration maxBackoff, int requestsInFlight, Metrics metrics) {
        this.requestsInFlight = requestsInFlight;
        this.baseId = baseId;
        this.client = client;
        this.mapping = mapping;
        this.budget = budget;
        this.metrics = metrics;
        this.retrying = new Retrying(initialBackoff, maxBackoff, metrics);
        this.outcomes = new Outcomes(baseId);
    }

    /** Why the last call to Airtable failed and is being retried, or null. */
    public String lastProblem() {
        return retrying.lastProblem();
    }

    public void relistLedger() {
        ledger = null;
    }

    /** Lists the ledger if it is not listed yet: done when the writer takes the base, so its first write need not wait. */
    public void listLedger() throws InterruptedException {
        if (ledger == null) {
            ledger = retrying.untilDone(() -> Ledger.load(client, budget, baseId, mapping));
        }
    }

    public boolean ledgerListed() {
        return ledger != null;
    }

    public List<WriteOutcome> apply(List<SourcedIntent> intents) throws InterruptedException {
        listLedger();
        List<WriteOutcome> out = new ArrayList<>();
        Map<String, SourcedIntent> winners = IntentMerge.winners(intents, outcomes, out);
        WritePlanner planner = new WritePlanner(mapping, ledger, outcomes);
        RecordSender sender = new RecordSender(baseId, client, mapping, budget, retrying, metrics, ledger, outcomes, requestsInFlight);
        for (FieldMapping.TableMapping table : mapping.tablesInWriteOrder()) {
            List<SourcedIntent> forTable = winners.values().stream().filter(s -> table.table().equals(s.intent().table())).toList();
            if (forTable.isEmpty()) {
                continue;
            }
            WritePlanner.Plan plan = planner.plan(table, forTable, out);
            sender.sendAll(table, plan.writes(), RecordSender.Kind.WRITE, out);
            sender.sendAll(table, plan.deletes(), RecordSender.Kind.DELETE, out);
        }
        return out;
    }
}
