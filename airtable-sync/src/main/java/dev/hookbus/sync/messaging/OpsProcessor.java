package dev.hookbus.sync.messaging;

import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommand;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.kit.ops.OpsGate;
import dev.hookbus.kit.ops.OpsOutcomes;
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
import java.util.Optional;
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
 * its writes; {@code dlq.replay [kind=all|refused|unreadable]} puts dead letters back where they can be processed.
 */
@ApplicationScoped
public class OpsProcessor {
    private static final Logger LOG = Logger.getLogger(OpsProcessor.class);

    @Inject
    SyncConfig config;
    @Inject
    SyncPublisher publisher;
    @Inject
    HookEventProcessor hookEvents;
    @Inject
    RepairProcessor repairs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    OpsOutcomes outcomes;

    @Incoming(Channels.OPS)
    @Blocking
    public Uni<Void> onCommand(byte[] payload) {
        Optional<OpsGate.Admitted> admitted = new OpsGate(OpsCommandEvent.AIRTABLE_SYNC, config.opsMaxAge(), outcomes).admit(payload);
        if (admitted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OpsCommandEvent command = admitted.get().event();
        String baseId = OpsCommand.value(command.args(), "base", config.baseId());
        return switch (admitted.get().command()) {
            case BASE_PAUSE -> control(baseId, command, Command.PAUSE);
            case BASE_RESUME -> control(baseId, command, Command.RESUME);
            case LEDGER_RELIST -> control(baseId, command, Command.RELIST_LEDGER);
            case DLQ_REPLAY -> replayDeadLetters(command);
            default -> {
                outcomes.publish(OpsOutcomeEvent.refused(command, "airtable-sync does not carry out " + command.command()));
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> control(String baseId, OpsCommandEvent command, Command control) {
        LOG.infof("airtable-sync: %s for base %s (command %s)", control, baseId, command.commandId());
        return publisher.intent(WriteIntentEvent.control(EventIds.derived("control", command.commandId()), baseId, Instant.now(),
                new WriteIntentEvent.BaseControl(command.commandId(), control, command.args())));
    }

    /**
     * Dead letters back where they can be processed: {@code kind=refused} (the default with {@code unreadable}: {@code
     * all}) puts the write intents Airtable refused since the last replay back on the writes topic, bytes and key as
     * they were; {@code kind=unreadable} reads every unreadable record again and processes those this version can read
     * (a hook event or repair through the same steps as when it arrived, a write intent back on the writes topic). A
     * record that still cannot be processed stays in its dead-letter topic and is counted, never dropped.
     */
    private Uni<Void> replayDeadLetters(OpsCommandEvent command) {
        String kind = OpsCommand.value(command.args(), "kind", "all");
        int[] refused = {0, 0};
        int[] unreadable = {0, 0};
        if (!kind.equals("unreadable")) {
            readDeadLetters(Topic.AIRTABLE_SYNC_DLQ, "airtable-sync-dlq-replay", record -> replay(record, refused));
        }
        if (!kind.equals("refused")) {
            readDeadLetters(Topic.AIRTABLE_SYNC_UNREADABLE, null, record -> replay(record, unreadable));
        }
        outcomes.publish(OpsOutcomeEvent.done(command, refused[0] + " refused intent(s) replayed, " + refused[1] + " not replayable; "
                + unreadable[0] + " unreadable record(s) now processed, " + unreadable[1] + " still unreadable (kept)",
                Map.of("refusedReplayed", Integer.toString(refused[0]), "refusedKept", Integer.toString(refused[1]),
                        "unreadableProcessed", Integer.toString(unreadable[0]), "unreadableKept", Integer.toString(unreadable[1]))));
        return Uni.createFrom().voidItem();
    }

    private void replay(ConsumerRecord<String, byte[]> record, int[] counts) {
        Map<String, String> headers = DeadLetters.text(record.headers());
        String from = headers.getOrDefault(DeadLetters.TOPIC, Topic.AIRTABLE_WRITES.topicName());
        try {
            if (from.equals(Topic.HOOK_EVENTS.topicName())) {
                hookEvents.process(record.value()).await().indefinitely();
            } else if (from.equals(Topic.COMPONENT_REPAIRS.topicName())) {
                repairs.process(record.value()).await().indefinitely();
            } else if (from.equals(Topic.AIRTABLE_WRITES.topicName())) {
                WriteIntentEvent intent = EventJson.read(record.value(), WriteIntentEvent.class);
                if (intent.baseId() == null || intent.operation() == null) {
                    throw new IllegalArgumentException("a write intent needs a base id and an operation");
                }
                publisher.rawIntent(intent.baseId(), record.value()).await().indefinitely();
            } else {
                throw new IllegalArgumentException("from " + from + ", which airtable-sync does not read");
            }
            counts[0]++;
        } catch (RuntimeException e) {
            counts[1]++;
            LOG.warnf("dead letter %s-%d@%d (from %s) is not replayable: %s", record.topic(), record.partition(), record.offset(), from,
                    e.getMessage());
        }
    }

    /** Every record of a dead-letter topic up to its end: after the group's last replay, or from the start (no group). */
    private void readDeadLetters(Topic topic, String group, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (group == null) {
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
            if (group != null) {
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> done = new java.util.HashMap<>();
                end.forEach((p, offset) -> done.put(p, new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset)));
                consumer.commitSync(done);
            }
        }
    }
}
