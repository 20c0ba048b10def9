package dev.hookbus.sync;

import static dev.hookbus.sync.SyncTestSupport.publish;
import static dev.hookbus.sync.SyncTestSupport.recordsWithKeyPrefix;
import static dev.hookbus.sync.SyncTestSupport.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithRestartableKafkaBroker;
import dev.hookbus.events.HookEvent;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Broker faults under a stream of events into the running airtable-sync (this JVM: the same process before and after,
 * nothing restarted but the broker). The expectation is computed from the events alone: per agent, the description
 * of its newest event, one record each.
 */
@QuarkusTest
@WithRestartableKafkaBroker
@WithAirtableEmulator
class BrokerFaultTest {
    static final int AGENTS = 40;
    static final int VERSIONS = 3;

    KafkaBrokerProcess broker;
    AirtableEmulatorProcess emulator;

    private List<HookEvent> stream(String marketplace, int version) {
        List<HookEvent> events = new ArrayList<>();
        Instant base = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(version * 60L);
        for (int i = 0; i < AGENTS; i++) {
            String content = "---\nname: a" + i + "\ndescription: " + marketplace + " a" + i + " v" + version + "\n---\nBody.\n";
            events.add(write("/ws/" + marketplace + "/plugins/p" + (i % 4) + "/agents/a" + i + ".md", content, base.plusMillis(i)));
        }
        return events;
    }

    private static Map<String, String> expected(String marketplace) {
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < AGENTS; i++) {
            expected.put(marketplace + "/p" + (i % 4) + "/agents/a" + i, marketplace + " a" + i + " v" + VERSIONS);
        }
        return expected;
    }

    private Map<String, String> actual(String marketplace) {
        return recordsWithKeyPrefix(emulator, "Agents", marketplace + "/").stream().collect(Collectors.toMap(
                r -> r.path("fields").path("Sync Key").asText(), r -> r.path("fields").path("Purpose").asText(), (a, b) -> "DUPLICATE", TreeMap::new));
    }

    private void awaitExact(String marketplace, Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> actual(marketplace).equals(expected(marketplace)));
        List<JsonNode> records = recordsWithKeyPrefix(emulator, "Agents", marketplace + "/");
        assertThat(records).as("one record per agent, no duplicate").hasSize(AGENTS);
        assertThat(records).allSatisfy(r -> assertThat(r.path("fields").path("Sync Status").asText()).isEqualTo("Synced"));
    }

    private static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").then().extract().statusCode() == 200);
    }

    private static void assertLive() {
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aBrokerKilledMidStreamAndRestartedOnItsPortIsFollowedWithoutARestartOfAirtableSync() throws Exception {
        awaitReady();
        String marketplace = "m-kill";
        publish(stream(marketplace, 1).toArray(HookEvent[]::new));
        publish(stream(marketplace, 2).toArray(HookEvent[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !actual(marketplace).isEmpty());

        broker.kill();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").then().extract().statusCode() == 503);
        // the whole stack through an outage longer than 60 s (where the streams used to fail for good): e2e's BrokerRestartTest
        broker.start();
        long back = System.nanoTime();

        publish(stream(marketplace, 3).toArray(HookEvent[]::new));
        awaitExact(marketplace, Duration.ofSeconds(120));
        System.out.printf("broker SIGKILL and restart: exact state %.1f s after it was back%n", (System.nanoTime() - back) / 1e9);
        awaitReady();
        assertLive();
    }

    @Test
    void aBrokerThatStopsAnsweringFor20SecondsMidStreamIsWaitedOut() throws Exception {
        awaitReady();
        String marketplace = "m-pause";
        publish(stream(marketplace, 1).toArray(HookEvent[]::new));
        publish(stream(marketplace, 2).toArray(HookEvent[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !actual(marketplace).isEmpty());

        broker.pause();
        try {
            // the fault itself lasts 20 s, longer than the producers' delivery timeout and the consumers' session timeout
            Awaitility.await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
        } finally {
            broker.resume();
        }
        long back = System.nanoTime();

        publish(stream(marketplace, 3).toArray(HookEvent[]::new));
        awaitExact(marketplace, Duration.ofSeconds(120));
        System.out.printf("broker SIGSTOP for 20 s: exact state %.1f s after SIGCONT%n", (System.nanoTime() - back) / 1e9);
        awaitReady();
        assertLive();
    }
}
