package dev.hookbus.sync;

import dev.hookbus.devstack.ServiceEndpointsContract;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithKafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
@WithKafkaBroker
@WithAirtableEmulator
class HealthAndMetricsTest extends ServiceEndpointsContract {
    @Override
    protected List<String> ownReadinessChecks() {
        return List.of("airtable");
    }
}
