package dev.hookbus.sync;

import static dev.hookbus.sync.SyncTestSupport.publish;
import static dev.hookbus.sync.SyncTestSupport.recordsWithKeyPrefix;
import static dev.hookbus.sync.SyncTestSupport.results;
import static dev.hookbus.sync.SyncTestSupport.write;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.Topic;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaBroker
@WithAirtableEmulator
class OpsTest {
    AirtableEmulatorProcess emulator;

    static void ops(String command) throws Exception {
        ops(command, Map.of(), Instant.now());
    }

    static void ops(String command, Map<String, String> args, Instant issuedAt) throws Exception {
        OpsCommandEvent event = new OpsCommandEvent(1, UUID.randomUUID().toString(), OpsCommandEvent.AIRTABLE_SYNC, command, args,
                issuedAt, "test");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", SyncTestSupport.bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.OPS.topicName(), event.target(), EventJson.toBytes(event))).get();
        }
    }

    @Test
    void aCommandOlderThanTheMaximumAgeIsSkipped() throws Exception {
        ops("base.pause", Map.of("base", "appOldCommand00"), Instant.now().minus(Duration.ofHours(1)));
        ops("base.pause", Map.of("base", "appNewCommand00"), Instant.now());
        // one partition, in order: once the new command took effect the old one has been seen
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").then().extract().asString()
                .contains("paused:appNewCommand00"));
        assertThat(given().get("/q/health/ready").then().extract().asString()).doesNotContain("appOldCommand00");
        ops("base.resume", Map.of("base", "appNewCommand00"), Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !given().get("/q/health/ready").then().extract().asString()
                .contains("paused:appNewCommand00"));
    }

    @Test
    void aPausedBaseHoldsItsWritesUntilResumedAndDeadLettersCanBeReplayed() throws Exception {
        ops("base.pause");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").then().extract().asString()
                .contains("paused:" + AirtableEmulatorProcess.BASE_ID));
        publish(write("/ws/m-ops/plugins/p/agents/held.md", "---\nname: held\ndescription: held while paused\n---\n", Instant.now()));
        // the intent reached the writer (and was held): the classify stage answered nothing, the writer nothing either
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SyncTestSupport.readTopic(Topic.AIRTABLE_WRITES.topicName()).stream()
                .anyMatch(c -> new String(c.value()).contains("m-ops/p/agents/held")));
        assertThat(recordsWithKeyPrefix(emulator, "Agents", "m-ops/")).isEmpty();
        assertThat(results("m-ops/p/agents/held")).isEmpty();

        ops("base.resume");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-ops/").size() == 1);

        // a record dead-lettered for an option that did not exist yet is written once the option exists and the DLQ is replayed
        publish(write("/ws/m-ops/plugins/p/agents/teal.md", "---\nname: teal\ndescription: d\ncolor: teal\n---\n", Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> results("m-ops/p/agents/teal").stream()
                .anyMatch(r -> r.outcome() == Outcome.DEAD_LETTERED));
        emulator.admin("POST", "bases/appHookbusLocal01/tables/Agents/records",
                "{\"typecast\":true,\"records\":[{\"fields\":{\"Agent Name\":\"option maker\",\"Color\":\"teal\"}}]}");
        ops("dlq.replay");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-ops/p/agents/teal").size() == 1);
    }
}
