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
import java.util.Set;
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

    /**
     * Dead letters back where they can be processed: {@code kind=refused} (the default with {@code unreadable}: {@code
     * all}) puts the write intents Airtable refused since the last replay back on the writes topic, bytes and key as
     * they were; {@code kind=unreadable} reads every unreadable record again and processes those this version can read
     * (a hook event or repair through the same steps as when it arrived, a write intent back on the writes topic). A
     * record that still cannot be processed stays in its dead-letter topic and is counted, never dropped.
     */
    private Uni<Void> replayDeadLetters(OpsCommandEvent command) {
        String kind = command.args().getOrDefault("kind", "all");
        if (!Set.of("all", "refused", "unreadable").contains(kind)) {
            LOG.warnf("airtable-sync: dlq.replay kind=%s is not one of all, refused, unreadable (command %s): nothing replayed", kind,
                    command.commandId());
            return Uni.createFrom().voidItem();
        }
        int[] refused = {0, 0};
        int[] unreadable = {0, 0};
        if (!kind.equals("unreadable")) {
            readDeadLetters(Topic.AIRTABLE_SYNC_DLQ, "airtable-sync-dlq-replay", record -> replay(record, refused));
        }
        if (!kind.equals("refused")) {
            readDeadLetters(Topic.AIRTABLE_SYNC_UNREADABLE, null, record -> replay(record, unreadable));
        }
        LOG.infof("airtable-sync: dlq.replay (command %s): %d refused intents replayed, %d not replayable; %d unreadable records now "
                + "processed, %d still unreadable (kept)", command.commandId(), refused[0], refused[1], unreadable[0], unreadable[1]);
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
