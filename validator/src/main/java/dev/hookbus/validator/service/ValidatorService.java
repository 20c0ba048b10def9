package dev.hookbus.validator.service;

import static dev.hookbus.kit.messaging.KeyedMessages.keyed;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.AirtableConnection;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.OwnerRateBudget;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.events.ComponentRepairEvent;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.ReconcileReportEvent;
import dev.hookbus.validator.config.ValidatorConfig;
import dev.hookbus.validator.reconcile.Reconciler;
import dev.hookbus.validator.reconcile.RepairPlanner;
import dev.hookbus.validator.reconcile.Report;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** One validator pass in the service: check, publish repairs (never a write to Airtable), report, gauges. */
@ApplicationScoped
public class ValidatorService {
    private static final Logger LOG = Logger.getLogger(ValidatorService.class);

    @Inject
    ValidatorConfig config;
    @ConfigProperty(name = "airtable.api-url", defaultValue = "http://127.0.0.1:8704/v0")
    String apiUrl;
    @ConfigProperty(name = "airtable.token")
    java.util.Optional<String> token;
    @ConfigProperty(name = "hookbus.http.tokens")
    java.util.Optional<List<String>> httpTokens;
    @ConfigProperty(name = "airtable.base-id", defaultValue = "appHookbusLocal01")
    String baseId;

    @Inject
    @Channel("repairs-out")
    MutinyEmitter<byte[]> repairs;
    @Inject
    @Channel("reports-out")
    MutinyEmitter<byte[]> reports;

    private final Map<ReconcileReportEvent.State, Integer> gauges = new ConcurrentHashMap<>();
    private volatile Report latest;
    private volatile String lastError;
    private Reconciler reconciler;

    @Inject
    void init(MeterRegistry registry) {
        for (ReconcileReportEvent.State state : List.of(ReconcileReportEvent.State.SYNCED, ReconcileReportEvent.State.MISSING,
                ReconcileReportEvent.State.STALE, ReconcileReportEvent.State.ORPHANED, ReconcileReportEvent.State.DUPLICATE,
                ReconcileReportEvent.State.INVALID)) {
            gauges.put(state, 0);
            Gauge.builder("hookbus_validator_components", gauges, g -> g.getOrDefault(state, 0)).tag("state", state.name().toLowerCase())
                    .description("components and records per state in the latest pass").register(registry);
        }
    }

    private synchronized Reconciler reconciler() {
        if (reconciler == null) {
            AirtableClient client = AirtableConnection.of(apiUrl, baseId, token.orElse(null), AirtableConnection.DEFAULT_PENALTY)
                    .waitingClient(Duration.ofSeconds(30), message -> org.jboss.logging.Logger.getLogger(ValidatorService.class).info(message));
            // the base's one budget, granted by airtable-sync (the writer); its own share only when no owner answers
            RateBudget budget = new OwnerRateBudget(config.syncUrl(), baseId, httpTokens.flatMap(t -> t.stream().findFirst()).orElse(null),
                    RateBudget.local(config.requestsPerSecond()), message -> org.jboss.logging.Logger.getLogger(ValidatorService.class)
                            .warnf("validator: %s of %s requests/s", message, config.requestsPerSecond()));
            reconciler = new Reconciler(client, budget, FieldMapping.defaults(),
                    MarketplaceNames.parse(config.marketplaceNames().orElse(null)), baseId, routing());
        }
        return reconciler;
    }

    private BaseRouting routing() {
        try {
            return BaseRouting.parse(baseId, config.marketplaceBases().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("validator: " + e.getMessage());
        }
    }

    public List<Path> roots() {
        return config.roots().orElse(List.of()).stream().filter(r -> !r.isBlank()).map(Path::of).toList();
    }

    /** Runs one pass; with autoSync publishes repairs and waits for the broker's acks. */
    public synchronized Report pass(String trigger, boolean autoSync, boolean prune) throws IOException, InterruptedException {
        Report report;
        try {
            report = reconciler().check(roots());
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            throw e;
        }
        List<String> repairIds = new ArrayList<>();
        if (autoSync || prune) {
            List<Uni<Void>> sends = new ArrayList<>();
            for (ComponentRepairEvent repair : RepairPlanner.plan(report, prune)) {
                repairIds.add(repair.repairId());
                sends.add(repairs.sendMessage(keyed(repair.syncKey(), EventJson.toBytes(repair))));
            }
            if (!sends.isEmpty()) {
                Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(60));
            }
        }
        reports.sendMessage(keyed(baseId, EventJson.toBytes(report.toEvent(EventIds.random(), repairIds, autoSync, prune, trigger))))
                .await().atMost(Duration.ofSeconds(30));
        report.counts().forEach(gauges::put);
        latest = report;
        LOG.infof("validator pass (%s): %s, %d drift, %d repairs published", trigger, report.counts(), report.drift().size(), repairIds.size());
        return report;
    }

    /** {@code resync <key|plugin|all>}: republishes full snapshots of the selected components. */
    public synchronized int resync(String selector, String trigger) throws IOException, InterruptedException {
        Report report = reconciler().check(roots());
        List<Uni<Void>> sends = new ArrayList<>();
        for (ComponentRepairEvent repair : RepairPlanner.resync(report, selector)) {
            sends.add(repairs.sendMessage(keyed(repair.syncKey(), EventJson.toBytes(repair))));
        }
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(60));
        }
        LOG.infof("validator resync %s (%s): %d repairs published", selector, trigger, sends.size());
        return sends.size();
    }

    public Report latest() {
        return latest;
    }

    public String lastError() {
        return lastError;
    }
}
