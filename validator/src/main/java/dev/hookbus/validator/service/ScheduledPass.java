package dev.hookbus.validator.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The scheduled pass (every 15 min by default, auto-sync on), run by one replica only: the replica that holds the
 * single partition of {@code hookbus.reconcile-reports.v1} in consumer group {@code validator-scheduler} schedules.
 * Kafka's group protocol hands the lease over when that replica stops.
 */
@ApplicationScoped
@Identifier("scheduler-lease")
@jakarta.enterprise.inject.Default
public class ScheduledPass implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(ScheduledPass.class);
    private final AtomicBoolean leader = new AtomicBoolean();

    @Inject
    ValidatorService validator;
    @Inject
    dev.hookbus.validator.config.ValidatorConfig config;

    @Incoming("scheduler-lease")
    public void lease(byte[] ignored) {
        // the records do not matter: holding the partition is the lease
    }

    @Scheduled(every = "${validator.schedule.every:15m}", delayed = "${validator.schedule.delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!leader.get() || validator.roots().isEmpty()) {
            return;
        }
        try {
            validator.pass("schedule", config.autoSyncOnSchedule(), false);
        } catch (Exception e) {
            LOG.warnf("scheduled validator pass failed: %s", e.getMessage());
        }
    }

    public boolean isLeader() {
        return leader.get();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            leader.set(true);
            LOG.info("this replica schedules the validator passes");
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            leader.set(false);
        }
    }
}
