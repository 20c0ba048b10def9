package dev.hookbus.devstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every hookbus service answers on {@code /q}: a {@code @QuarkusTest} of the service extends this (with its
 * broker and downstream resources) and names the readiness checks of its own beyond {@code kafka-topics}.
 */
public abstract class ServiceEndpointsContract {

    /** Readiness checks this service adds to {@code kafka-topics} (its downstream, e.g. {@code airtable}). */
    protected List<String> ownReadinessChecks() {
        return List.of();
    }

    @Test
    public void readyOnceItsTopicsExistOnTheBroker() {
        List<String> expected = new java.util.ArrayList<>(List.of("kafka-topics"));
        expected.addAll(ownReadinessChecks());
        // a service may wait for its partitions and downstream before it reports ready (airtable-sync: its ledger)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (given().get("/q/health/ready").then().extract().statusCode() != 200 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(expected.toArray(String[]::new)));
    }

    @Test
    public void aliveAndServingMetricsInPrometheusFormat() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }
}
