package dev.hookbus.validator;

import dev.hookbus.devstack.ServiceEndpointsContract;
import dev.hookbus.devstack.WithKafkaBroker;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithKafkaBroker
class HealthAndMetricsTest extends ServiceEndpointsContract {
}
