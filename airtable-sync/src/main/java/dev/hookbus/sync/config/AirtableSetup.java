package dev.hookbus.sync.config;

import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.AirtableConnection;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.SchemaCheck;
import dev.hookbus.catalog.Classifier;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.sync.budget.BaseBudgets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/** The Airtable client, mapping and classifier, built once from {@link SyncConfig}; the startup checks. */
@ApplicationScoped
public class AirtableSetup {
    private static final Logger LOG = Logger.getLogger(AirtableSetup.class);
    /**
     * How long the startup waits for the writes topic's partitions before it checks the schema anyway (Kafka
     * unreachable: nobody writes the base then).
     */
    static final java.time.Duration OWNERSHIP_PATIENCE = java.time.Duration.ofSeconds(20);
    private final java.util.concurrent.CountDownLatch startupChecked = new java.util.concurrent.CountDownLatch(1);

    /**
     * Waits until the startup's schema check has its answer: the ledger's listing starts after it, like the writer's
     * first batch. A first request of a fresh JVM can reach Airtable a few hundred ms after its token, and five quick
     * ones behind it then share its second: at startup that drew a 429 when the listing followed the check.
     */
    public void awaitStartupCheck() throws InterruptedException {
        startupChecked.await();
    }

    @Produces
    @Singleton
    AirtableClient client(SyncConfig config) {
        return connection(config).client(config.requestTimeout());
    }

    @Produces
    @Singleton
    FieldMapping mapping() {
        return FieldMapping.defaults();
    }

    @Produces
    @Singleton
    BaseRouting baseRouting(SyncConfig config) {
        try {
            return BaseRouting.parse(config.baseId(), config.marketplaceBases().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("airtable-sync: " + e.getMessage());
        }
    }

    @Produces
    @Singleton
    MarketplaceNames marketplaceNames(SyncConfig config) {
        return MarketplaceNames.parse(config.marketplaceNames().orElse(null));
    }

    @Produces
    @Singleton
    Classifier classifier(MarketplaceNames names) {
        return new Classifier(names);
    }

    static AirtableConnection connection(SyncConfig config) {
        return AirtableConnection.of(config.apiUrl(), config.baseId(), config.token().orElse(null), config.rateLimitPenalty());
    }

    void onStart(@Observes StartupEvent event, SyncConfig config, AirtableClient client, BaseBudgets budgets, BaseRouting routing) {
        try {
            check(config, client, budgets, routing);
        } finally {
            startupChecked.countDown();
        }
    }

    private void check(SyncConfig config, AirtableClient client, BaseBudgets budgets, BaseRouting routing) {
        connection(config);
        if (config.requestsInFlight() < 1 || config.requestsInFlight() > 5) {
            throw new IllegalStateException("airtable-sync: airtable.requests-in-flight (AIRTABLE_REQUESTS_IN_FLIGHT) must be 1 to 5 (a base allows 5 "
                    + "requests/s); got " + config.requestsInFlight());
        }
        if (config.tokenRequestsPerSecond() <= 0) {
            throw new IllegalStateException("airtable-sync: airtable.token-requests-per-second must be above 0; got " + config.tokenRequestsPerSecond());
        }
        LOG.infof("airtable-sync: routes %s; %.2f requests/s per base", routing, budgets.requestsPerSecond());
        if (!config.schemaCheck()) {
            return;
        }
        boolean assigned;
        try {
            assigned = budgets.awaitFirstAssignment(OWNERSHIP_PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the schema check");
        }
        // side by side: each base has its own budget (one after the other, ten bases took 7 s of the startup)
        List<CompletableFuture<Void>> checks = routing.bases().stream()
                .map(baseId -> CompletableFuture.runAsync(() -> checkSchema(client, budgets, baseId, assigned), SCHEMA_CHECKS))
                .toList();
        for (CompletableFuture<Void> check : checks) {
            try {
                check.join();
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
        }
    }

    private static final Executor SCHEMA_CHECKS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "schema-check");
        thread.setDaemon(true);
        return thread;
    });

    private void checkSchema(AirtableClient client, BaseBudgets budgets, String baseId, boolean assigned) {
        List<String> problems;
        try {
            // only the base's owner calls it: a replica joining a running group checking the schema with a budget of its
            // own drew a 429 beside the owner's ledger listing (two budgets, one base)
            if (assigned && !budgets.owns(baseId)) {
                LOG.infof("airtable-sync: base %s is written by another replica, which checked its schema when it started; "
                        + "this replica sends it no request before it owns it", baseId);
                return;
            }
            // the base's one budget in this process: a writer that takes the base at startup lists its ledger meanwhile
            problems = SchemaCheck.defaults().problems(client.tables(budgets.of(baseId), baseId));
            // the first request of a fresh JVM reaches Airtable late (a few hundred ms after its token): the next five
            // must not share its second, so the next token comes a second after its answer
            budgets.holdOneSecond(baseId);
        } catch (AirtableApiException e) {
            throw new IllegalStateException("airtable-sync: cannot read the schema of base " + baseId + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the schema check");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("airtable-sync: base " + baseId + " does not fit the catalog layout:\n  "
                    + String.join("\n  ", problems) + "\nrun 'airtable-sync schema --apply' to create what is missing");
        }
        LOG.infof("airtable-sync: base %s fits the catalog layout", baseId);
    }

}
