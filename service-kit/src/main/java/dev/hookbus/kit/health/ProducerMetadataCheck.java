package dev.hookbus.kit.health;

import dev.hookbus.events.Topic;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Not ready until each hot-path producer holds its topic's partitions (check {@code producer-metadata}). Without them
 * a producer's first send fetches them itself: the first hook event after startup paid that round trip inside its
 * publish bound (and met a slow broker with a 503 although the service reported ready), and airtable-sync's first
 * intents waited ~80 ms for it. The fetch starts at startup, one at a time per channel; once a channel has its
 * partitions it stays UP (broker reachability is another check's business). A service declares its channels in a
 * subclass annotated {@code @Readiness @ApplicationScoped}.
 */
public abstract class ProducerMetadataCheck implements HealthCheck {
    /** How long a probe waits for a fetch in progress before it answers DOWN. */
    private static final long PROBE_WAIT_MS = 1000;

    @Inject
    KafkaClientService clients;

    private final Map<String, Topic> topicByChannel;
    private final Map<String, CompletableFuture<Integer>> fetches = new ConcurrentHashMap<>();

    protected ProducerMetadataCheck(Map<String, Topic> topicByChannel) {
        this.topicByChannel = Map.copyOf(topicByChannel);
    }

    protected void onStart(@Observes StartupEvent event) {
        topicByChannel.keySet().forEach(this::fetch);
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> missing = new LinkedHashMap<>();
        for (var channel : topicByChannel.entrySet()) {
            try {
                fetch(channel.getKey()).get(PROBE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                missing.put(channel.getKey(), channel.getValue().topicName());
            }
        }
        var response = HealthCheckResponse.named("producer-metadata").status(missing.isEmpty());
        if (!missing.isEmpty()) {
            response.withData("problem", "no partitions known yet for " + missing);
        }
        return response.build();
    }

    /** The channel's fetch: the one in progress or done, or a new one when the last failed. */
    private CompletableFuture<Integer> fetch(String channel) {
        return fetches.compute(channel, (name, last) -> last != null && !last.isCompletedExceptionally() ? last
                // off the caller's thread: partitionsFor blocks up to the producer's max.block.ms
                : CompletableFuture.supplyAsync(() -> {
                    int partitions = clients.getProducer(name).unwrap().partitionsFor(topicByChannel.get(name).topicName()).size();
                    if (partitions == 0) {
                        throw new IllegalStateException("no partitions");
                    }
                    return partitions;
                }));
    }
}
