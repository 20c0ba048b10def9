package dev.hookbus.tilt;

import dev.hookbus.devstack.ServiceEndpointsContract;
import dev.hookbus.devstack.WithKafkaBroker;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(dev.hookbus.tilt.support.FakeTiltResource.class)
@WithKafkaBroker
class HealthAndMetricsTest extends ServiceEndpointsContract {
}
