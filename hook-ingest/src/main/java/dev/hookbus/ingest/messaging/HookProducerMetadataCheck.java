package dev.hookbus.ingest.messaging;

import dev.hookbus.events.Topic;
import dev.hookbus.kit.health.ProducerMetadataCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the hook producer knows the hook topic's partitions, so a first event never fetches them in its bound. */
@Readiness
@ApplicationScoped
public class HookProducerMetadataCheck extends ProducerMetadataCheck {
    public HookProducerMetadataCheck() {
        super(Map.of(HookEventPublisher.CHANNEL, Topic.HOOK_EVENTS));
    }
}
