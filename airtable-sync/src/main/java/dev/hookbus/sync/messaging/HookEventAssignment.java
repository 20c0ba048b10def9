package dev.hookbus.sync.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Whether the hook events' consumer has joined its group: before that, an event posted now waits for the join. */
@ApplicationScoped
@Identifier("hook-events-rebalance")
@jakarta.enterprise.inject.Default
public class HookEventAssignment implements KafkaConsumerRebalanceListener {
    private volatile boolean assignedOnce;

    public boolean assignedOnce() {
        return assignedOnce;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assignedOnce = true;
    }
}
