package dev.hookbus.kit.ops;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.events.Topic;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Publishes what an ops command did, and returns once the broker has it (the operator's tool waits for it). */
@ApplicationScoped
public class OpsOutcomes {
    private static final Logger LOG = Logger.getLogger(OpsOutcomes.class);

    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public OpsOutcomes(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public void publish(OpsOutcomeEvent outcome) {
        LOG.infof("ops %s %s (%s): %s: %s", outcome.target(), outcome.command(), outcome.commandId(), outcome.status(), outcome.message());
        try {
            producer().send(new ProducerRecord<>(Topic.OPS_OUTCOMES.topicName(), outcome.commandId(), EventJson.toBytes(outcome)))
                    .get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the command itself was carried out (or refused) as logged above; only its report to the operator is missing
            LOG.warnf("ops %s: the outcome could not be published (%s); the operator's tool will say it had no answer", outcome.commandId(),
                    e.getClass().getSimpleName());
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
