package dev.hookbus.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/** Broker settings shared by the in-JVM test kit and the broker process, so both behave alike. */
final class KafkaSettings {
    private KafkaSettings() {
    }

    static Map<String, String> singleNode() {
        Map<String, String> settings = new LinkedHashMap<>();
        // a typo in a topic name must fail loudly, not create a topic
        settings.put("auto.create.topics.enable", "false");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.partitions", "1");
        settings.put("min.insync.replicas", "1");
        return settings;
    }
}
