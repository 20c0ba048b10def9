package dev.hookbus.events;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The topic table of ARCHITECTURE.md, declared once. Devstack creates these locally, Strimzi {@code KafkaTopic}
 * resources in Kubernetes are generated from the same table, and every service ensures its own at startup.
 */
public enum Topic {
    HOOK_EVENTS("hookbus.hook-events.v1", "project root", 6, Duration.ofDays(7), Topic.TWO_MIB),
    AIRTABLE_WRITES("hookbus.airtable-writes.v1", "base id", 6, Duration.ofDays(7), null),
    COMPONENT_REPAIRS("hookbus.component-repairs.v1", "sync key", 6, Duration.ofDays(7), Topic.TWO_MIB),
    SYNC_RESULTS("hookbus.sync-results.v1", "sync key", 6, Duration.ofDays(7), null),
    /** Write intents Airtable refused for good (a 4xx other than 429): the original record, replayable to the writes topic. */
    AIRTABLE_SYNC_DLQ("hookbus.airtable-sync.dlq.v1", "sync key", 1, Duration.ofDays(30), null),
    /** Records airtable-sync could not read (any of its input topics): the original bytes, key and headers. */
    AIRTABLE_SYNC_UNREADABLE("hookbus.airtable-sync.unreadable.v1", "original key", 1, Duration.ofDays(30), Topic.TWO_MIB),
    TILT_RUNS("hookbus.tilt-runs.v1", "pipeline", 3, Duration.ofDays(7), null),
    RECONCILE_REPORTS("hookbus.reconcile-reports.v1", "base id", 1, Duration.ofDays(30), null),
    OPS("hookbus.ops.v1", "target service", 1, Duration.ofDays(7), null),
    /** What each ops command did ({@link OpsOutcomeEvent}), for the operator who sent it. */
    OPS_OUTCOMES("hookbus.ops-outcomes.v1", "command id", 1, Duration.ofDays(7), null);

    /** 2 MiB: the cap for topics that carry file snapshots; producers of snapshots set max.request.size to it. */
    public static final int TWO_MIB = 2 * 1024 * 1024;

    private final String topicName;
    private final String keyDescription;
    private final int partitions;
    private final Duration retention;
    private final Integer maxMessageBytes;

    Topic(String topicName, String keyDescription, int partitions, Duration retention, Integer maxMessageBytes) {
        this.topicName = topicName;
        this.keyDescription = keyDescription;
        this.partitions = partitions;
        this.retention = retention;
        this.maxMessageBytes = maxMessageBytes;
    }

    public String topicName() {
        return topicName;
    }

    /** What the record key holds, in the words of ARCHITECTURE.md. */
    public String keyDescription() {
        return keyDescription;
    }

    public int partitions() {
        return partitions;
    }

    public Duration retention() {
        return retention;
    }

    public Optional<Integer> maxMessageBytes() {
        return Optional.ofNullable(maxMessageBytes);
    }

    /** Topic-level configs as Kafka names them ({@code retention.ms}, {@code max.message.bytes}). */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("retention.ms", Long.toString(retention.toMillis()));
        if (maxMessageBytes != null) {
            configs.put("max.message.bytes", Integer.toString(maxMessageBytes));
        }
        return configs;
    }

    public static Optional<Topic> byName(String topicName) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
    }
}
