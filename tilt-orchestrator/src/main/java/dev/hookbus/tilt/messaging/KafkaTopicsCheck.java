package dev.hookbus.tilt.messaging;

import dev.hookbus.events.Topic;
import dev.hookbus.kit.health.TopicsReadinessCheck;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/** The topics this service ensures at startup; not ready until they exist. */
@Readiness
@Singleton
public class KafkaTopicsCheck extends TopicsReadinessCheck {
    static final List<Topic> OWN_TOPICS = List.of(Topic.HOOK_EVENTS, Topic.TILT_RUNS, Topic.OPS, Topic.OPS_OUTCOMES);

    public KafkaTopicsCheck() {
        super(OWN_TOPICS);
    }
}
