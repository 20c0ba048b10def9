package dev.hookbus.ingest;

import dev.hookbus.devstack.ServiceEndpointsContract;
import dev.hookbus.devstack.WithKafkaBroker;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithKafkaBroker
class HealthAndMetricsTest extends ServiceEndpointsContract {
}
