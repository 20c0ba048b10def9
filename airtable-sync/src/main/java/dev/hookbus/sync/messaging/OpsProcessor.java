package dev.hookbus.sync.messaging;

import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.Topic;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.events.WriteIntentEvent.BaseControl.Command;
import dev.hookbus.sync.config.SyncConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Operator commands for airtable-sync on {@code hookbus.ops.v1}: {@code base.pause}, {@code base.resume} and
 * {@code ledger.relist} travel on to the writes topic, keyed by base, so the base's owner applies them in order with
 * its writes; {@code dlq.replay} puts the dead letters written since the last replay back on the writes topic.
 */
@ApplicationScoped
public class OpsProcessor {
    private static final Logger LOG = Logger.getLogger(OpsProcessor.class);

    @Inject
    SyncConfig config;
    @Inject
    SyncPublisher publisher;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Incoming(Channels.OPS)
    @Blocking
    public Uni<Void> onCommand(byte[] payload) {
        OpsCommandEvent command = EventJson.read(payload, OpsCommandEvent.class);
        if (!OpsCommandEvent.AIRTABLE_SYNC.equals(command.target())) {
            return Uni.createFrom().voidItem();
        }
        if (command.olderThan(config.opsMaxAge(), Instant.now())) {
            LOG.warnf("airtable-sync: ops command %s (%s) issued at %s is older than %s: skipped", command.command(), command.commandId(),
                    command.issuedAt(), config.opsMaxAge());
            return Uni.createFrom().voidItem();
        }
        String baseId = command.args().getOrDefault("base", config.baseId());
        return switch (command.command()) {
            case "base.pause" -> control(baseId, command, Command.PAUSE);
            case "base.resume" -> control(baseId, command, Command.RESUME);
            case "ledger.relist" -> control(baseId, command, Command.RELIST_LEDGER);
            case "dlq.replay" -> replayDeadLetters(command);
            default -> {
                LOG.warnf("airtable-sync: unknown ops command '%s' (%s) ignored", command.command(), command.commandId());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> control(String baseId, OpsCommandEvent command, Command control) {
        LOG.infof("airtable-sync: %s for base %s (command %s)", control, baseId, command.commandId());
        return publisher.intent(new WriteIntentEvent(WriteIntentEvent.SCHEMA_VERSION, EventIds.derived("control", command.commandId()), baseId,
                WriteIntentEvent.Operation.CONTROL, null, null, null, null, null, null, Instant.now(), null, null,
                new WriteIntentEvent.BaseControl(command.commandId(), control, command.args())));
    }

    /** The dead letters since the last replay (a consumer group remembers where it stopped). */
    private Uni<Void> replayDeadLetters(OpsCommandEvent command) {
        int replayed = 0;
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
                "airtable-sync-dlq-replay", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.AIRTABLE_SYNC_DLQ.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    WriteIntentEvent intent = EventJson.read(record.value(), WriteIntentEvent.class);
                    publisher.intent(intent).await().atMost(Duration.ofSeconds(30));
                    replayed++;
                }
            }
            consumer.commitSync();
        }
        LOG.infof("airtable-sync: replayed %d dead letters (command %s)", replayed, command.commandId());
        return Uni.createFrom().voidItem();
    }
}
