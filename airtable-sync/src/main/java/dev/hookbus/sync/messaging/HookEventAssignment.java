package dev.hookbus.sync.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the group that classifies (the hook events' and the repairs' consumers, one group) has settled: both have
 * their partitions. The first to join is assigned alone, and the second's join takes its partitions away again for a
 * rebalance: an event posted in between waits for it (about a second measured), so readiness waits for both.
 */
@ApplicationScoped
@Identifier("hook-events-rebalance")
@jakarta.enterprise.inject.Default
public class HookEventAssignment implements KafkaConsumerRebalanceListener {
    private volatile boolean hookEvents;
    private volatile boolean repairs;
    private volatile boolean settledOnce;

    /** Once both consumers had their partitions at the same time (later rebalances do not take it back). */
    public boolean settledOnce() {
        if (!settledOnce && hookEvents && repairs) {
            settledOnce = true;
        }
        return settledOnce;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        hookEvents = true;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        hookEvents = false;
    }

    void repairsAssigned(boolean assigned) {
        repairs = assigned;
    }

    /** The repairs' consumer of the same group (it tells through a method: the bean it holds is a client proxy). */
    @ApplicationScoped
    @Identifier("component-repairs-rebalance")
    public static class Repairs implements KafkaConsumerRebalanceListener {
        @Inject
        HookEventAssignment group;

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            group.repairsAssigned(true);
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            group.repairsAssigned(false);
        }
    }
}
