package dev.hookbus.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.Topic;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** A SmallRye Kafka channel produces to the real broker and another channel consumes the record back. */
@QuarkusTest
@WithKafkaBroker
class ChannelRoundTripTest {

    @Inject
    RoundTripApp app;

    KafkaCompanion companion;

    @Test
    void recordGoesOutThroughAChannelAndComesBackThroughAnother() throws Exception {
        OpsCommandEvent command = new OpsCommandEvent(OpsCommandEvent.SCHEMA_VERSION, "cmd-roundtrip",
                OpsCommandEvent.VALIDATOR, "reconcile", Map.of("root", "/tmp/x"), Instant.now(), "test");
        String json = EventJson.toJson(command);
        // completes only when the broker acknowledged the record
        app.send(Message.of(json).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(command.target()).build()));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> app.received().stream().anyMatch(r -> r.contains("cmd-roundtrip")));
        OpsCommandEvent back = EventJson.read(
                app.received().stream().filter(r -> r.contains("cmd-roundtrip")).findFirst().orElseThrow(), OpsCommandEvent.class);
        assertThat(back).isEqualTo(command);

        // the companion sees the same record on the same broker, with its key
        ConsumerTask<String, String> records = companion.consumeStrings().fromTopics(Topic.OPS.topicName(), 1);
        ConsumerRecord<String, String> record = records.awaitCompletion(Duration.ofSeconds(30)).getFirstRecord();
        assertThat(record.key()).isEqualTo(OpsCommandEvent.VALIDATOR);
        assertThat(records.count()).isEqualTo(1);
    }
}
