package dev.hookbus.sync.config;

import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.AirtableConnection;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.airtable.SchemaCheck;
import dev.hookbus.catalog.Classifier;
import dev.hookbus.catalog.MarketplaceNames;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** The Airtable client, mapping and classifier, built once from {@link SyncConfig}; the startup checks. */
@ApplicationScoped
public class AirtableSetup {
    private static final Logger LOG = Logger.getLogger(AirtableSetup.class);

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

    void onStart(@Observes StartupEvent event, SyncConfig config, AirtableClient client) {
        connection(config);
        if (config.requestsInFlight() < 1 || config.requestsInFlight() > 5) {
            throw new IllegalStateException("airtable-sync: airtable.requests-in-flight (AIRTABLE_REQUESTS_IN_FLIGHT) must be 1 to 5 (a base allows 5 "
                    + "requests/s); got " + config.requestsInFlight());
        }
        if (!config.schemaCheck()) {
            return;
        }
        List<String> problems;
        try {
            problems = SchemaCheck.defaults().problems(client.tables(startupBudget(), config.baseId()));
        } catch (AirtableApiException e) {
            throw new IllegalStateException("airtable-sync: cannot read the schema of base " + config.baseId() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the schema check");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("airtable-sync: base " + config.baseId() + " does not fit the catalog layout:\n  "
                    + String.join("\n  ", problems) + "\nrun 'airtable-sync schema --apply' to create what is missing");
        }
        LOG.infof("airtable-sync: base %s fits the catalog layout", config.baseId());
    }

    /** One request before the writer starts; an empty budget waits a second, so it never adds to a busy window. */
    private static RateBudget startupBudget() {
        return RateBudget.local(1);
    }
}
