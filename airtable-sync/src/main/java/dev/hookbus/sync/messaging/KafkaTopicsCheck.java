package dev.hookbus.sync.messaging;

import dev.hookbus.events.Topic;
import dev.hookbus.events.TopicsReadiness;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Ensures this service's topics at startup; not ready until they exist. */
@Readiness
@ApplicationScoped
public class KafkaTopicsCheck implements HealthCheck {
    static final List<Topic> OWN_TOPICS = List.of(Topic.HOOK_EVENTS, Topic.COMPONENT_REPAIRS, Topic.AIRTABLE_WRITES, Topic.SYNC_RESULTS, Topic.AIRTABLE_SYNC_DLQ,
            Topic.AIRTABLE_SYNC_UNREADABLE, Topic.OPS);
    private static final Logger LOG = Logger.getLogger(KafkaTopicsCheck.class);

    private final TopicsReadiness topics;

    public KafkaTopicsCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "hookbus.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.topics = new TopicsReadiness(bootstrapServers, OWN_TOPICS, replicationFactor);
    }

    void onStart(@Observes StartupEvent event) {
        if (!topics.ensure()) {
            LOG.warnf("Kafka topics not ensured yet (will retry on readiness checks): %s", topics.lastProblem());
        }
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = topics.ensure();
        var response = HealthCheckResponse.named("kafka-topics").status(ready)
                .withData("topics", OWN_TOPICS.stream().map(Topic::topicName).toList().toString());
        if (!ready) {
            response.withData("problem", String.valueOf(topics.lastProblem()));
        }
        return response.build();
    }
}
