package dev.hookbus.sync;

import static dev.hookbus.sync.SyncTestSupport.publish;
import static dev.hookbus.sync.SyncTestSupport.readTopic;
import static dev.hookbus.sync.SyncTestSupport.recordsWithKeyPrefix;
import static dev.hookbus.sync.SyncTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.Topic;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What airtable-sync cannot read goes aside as it was, the stream goes on, and a replay processes what it now can. */
@QuarkusTest
@WithKafkaBroker
@WithAirtableEmulator
class DeadLetterTest {
    AirtableEmulatorProcess emulator;

    static void send(String topic, String key, byte[] value, Map<String, String> headers) throws Exception {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", SyncTestSupport.bootstrap(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, value, h)).get();
        }
    }

    private static List<SyncTestSupport.Consumed> unreadable(String marker) {
        return readTopic(Topic.AIRTABLE_SYNC_UNREADABLE.topicName()).stream()
                .filter(c -> new String(c.value(), StandardCharsets.UTF_8).contains(marker)).toList();
    }

    @Test
    void anUnreadableHookEventGoesAsideAsItWasAndTheEventsBehindItAreSynced() throws Exception {
        String marker = UUID.randomUUID().toString();
        byte[] garbage = ("{not a hook event " + marker).getBytes(StandardCharsets.UTF_8);
        send(Topic.HOOK_EVENTS.topicName(), "/ws", garbage, Map.of("hookbus-event-id", marker));
        publish(write("/ws/m-unreadable/plugins/p/agents/after.md", "---\nname: after\ndescription: after the bad one\n---\n", Instant.now()));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-unreadable/").size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unreadable(marker).size() == 1);
        SyncTestSupport.Consumed dead = unreadable(marker).get(0);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo("/ws");
        assertThat(dead.headers()).containsEntry("hookbus-event-id", marker).containsEntry("dead-letter-topic", Topic.HOOK_EVENTS.topicName())
                .containsEntry("dead-letter-stage", "classify").containsKey("dead-letter-reason").containsKey("dead-letter-cause")
                .containsKey("dead-letter-partition").containsKey("dead-letter-offset");
        assertThat(readTopic(Topic.AIRTABLE_SYNC_DLQ.topicName())).noneMatch(c -> new String(c.value(), StandardCharsets.UTF_8).contains(marker));
    }

    @Test
    void anUnreadableWriteIntentGoesAsideAndTheWriterGoesOn() throws Exception {
        String marker = UUID.randomUUID().toString();
        byte[] noBase = ("{\"schemaVersion\":1,\"intentId\":\"" + marker + "\",\"operation\":\"UPSERT\"}").getBytes(StandardCharsets.UTF_8);
        send(Topic.AIRTABLE_WRITES.topicName(), AirtableEmulatorProcess.BASE_ID, noBase, Map.of());
        publish(write("/ws/m-unreadable-intent/plugins/p/agents/next.md", "---\nname: next\ndescription: next\n---\n", Instant.now()));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-unreadable-intent/").size() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unreadable(marker).size() == 1);
        assertThat(unreadable(marker).get(0).headers()).containsEntry("dead-letter-topic", Topic.AIRTABLE_WRITES.topicName())
                .containsEntry("dead-letter-stage", "write");
        assertThat(unreadable(marker).get(0).value()).isEqualTo(noBase);
    }

    @Test
    void aReplayProcessesTheUnreadableRecordsThisVersionCanReadAndKeepsTheRest() throws Exception {
        // as an earlier version left them: a hook event it could not read, and one nobody can
        var readable = write("/ws/m-replayed/plugins/p/agents/late.md", "---\nname: late\ndescription: read at last\n---\n", Instant.now());
        send(Topic.AIRTABLE_SYNC_UNREADABLE.topicName(), "/ws", EventJson.toBytes(readable),
                Map.of("dead-letter-topic", Topic.HOOK_EVENTS.topicName(), "dead-letter-stage", "classify"));
        String marker = UUID.randomUUID().toString();
        send(Topic.AIRTABLE_SYNC_UNREADABLE.topicName(), "/ws", ("still garbage " + marker).getBytes(StandardCharsets.UTF_8),
                Map.of("dead-letter-topic", Topic.HOOK_EVENTS.topicName(), "dead-letter-stage", "classify"));

        OpsTest.ops("dlq.replay", Map.of("kind", "unreadable"), Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-replayed/").size() == 1);
        assertThat(recordsWithKeyPrefix(emulator, "Agents", "m-replayed/").get(0).path("fields").path("Purpose").asText()).isEqualTo("read at last");
        // never dropped: still in its topic, and not copied again
        assertThat(unreadable(marker)).hasSize(1);
    }
}
