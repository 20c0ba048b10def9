package dev.hookbus.kit.health;

import dev.hookbus.events.Topic;
import dev.hookbus.events.TopicsReadiness;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Ensures a service's own topics at startup and is not ready until they exist (check {@code kafka-topics}). A service
 * declares its topics in a subclass annotated {@code @Readiness @ApplicationScoped}.
 */
public abstract class TopicsReadinessCheck implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(TopicsReadinessCheck.class);

    private final List<Topic> ownTopics;
    private final TopicsReadiness topics;

    protected TopicsReadinessCheck(List<Topic> ownTopics) {
        var config = ConfigProvider.getConfig();
        this.ownTopics = List.copyOf(ownTopics);
        this.topics = new TopicsReadiness(config.getValue("kafka.bootstrap.servers", String.class), this.ownTopics,
                config.getOptionalValue("hookbus.kafka.replication-factor", Short.class).orElse((short) 1));
    }

    public List<Topic> ownTopics() {
        return ownTopics;
    }

    protected void onStart(@Observes StartupEvent event) {
        if (!topics.ensure()) {
            LOG.warnf("Kafka topics not ensured yet (will retry on readiness checks): %s", topics.lastProblem());
        }
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = topics.ensure();
        var response = HealthCheckResponse.named("kafka-topics").status(ready)
                .withData("topics", ownTopics.stream().map(Topic::topicName).toList().toString());
        if (!ready) {
            response.withData("problem", String.valueOf(topics.lastProblem()));
        }
        return response.build();
    }
}
