package dev.hookbus.sync.messaging;

import dev.hookbus.events.Topic;
import dev.hookbus.kit.health.ProducerMetadataCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the producers of every change's path (its intents, its results) know their topics' partitions. */
@Readiness
@ApplicationScoped
public class SyncProducerMetadataCheck extends ProducerMetadataCheck {
    public SyncProducerMetadataCheck() {
        super(Map.of(Channels.WRITES_OUT, Topic.AIRTABLE_WRITES, Channels.RESULTS, Topic.SYNC_RESULTS));
    }
}
