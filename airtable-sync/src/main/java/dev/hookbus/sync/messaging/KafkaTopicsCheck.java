package dev.hookbus.sync.messaging;

import dev.hookbus.events.Topic;
import dev.hookbus.kit.health.TopicsReadinessCheck;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/** The topics this service ensures at startup; not ready until they exist. */
@Readiness
@Singleton
public class KafkaTopicsCheck extends TopicsReadinessCheck {
    static final List<Topic> OWN_TOPICS = List.of(Topic.HOOK_EVENTS, Topic.COMPONENT_REPAIRS, Topic.AIRTABLE_WRITES, Topic.SYNC_RESULTS, Topic.AIRTABLE_SYNC_DLQ,
            Topic.AIRTABLE_SYNC_UNREADABLE, Topic.OPS, Topic.OPS_OUTCOMES);

    public KafkaTopicsCheck() {
        super(OWN_TOPICS);
    }
}
