package dev.hookbus.ingest.messaging;

import dev.hookbus.events.Topic;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the hook producer knows the partitions of the hook topic. Without them the first event fetches
 * them inside its own publish bound: a broker slow to answer (or paused just then) turned that first event into a 503
 * although the service had reported ready. Fetching them at startup and on each probe (free once cached) moves that
 * round trip out of every client's way.
 */
@Readiness
@ApplicationScoped
public class ProducerMetadataCheck implements HealthCheck {
    @Inject
    KafkaClientService clients;

    void warmUp(@Observes StartupEvent event) {
        // off the startup thread: max.block.ms bounds it, but startup need not wait for the broker
        CompletableFuture.runAsync(this::call);
    }

    @Override
    public HealthCheckResponse call() {
        String topic = Topic.HOOK_EVENTS.topicName();
        var response = HealthCheckResponse.named("hook-producer-metadata").withData("topic", topic);
        try {
            // bounded by the producer's max.block.ms; answered from the producer's cache once fetched
            int partitions = clients.getProducer(HookEventPublisher.CHANNEL).unwrap().partitionsFor(topic).size();
            return response.status(partitions > 0).withData("partitions", partitions).build();
        } catch (RuntimeException e) {
            return response.down().withData("problem", "the producer has no metadata for the topic yet").build();
        }
    }
}
