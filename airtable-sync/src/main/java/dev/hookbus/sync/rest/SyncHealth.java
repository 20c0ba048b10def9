package dev.hookbus.sync.rest;

import dev.hookbus.sync.messaging.HookEventAssignment;
import dev.hookbus.sync.messaging.HookEventProcessor;
import dev.hookbus.sync.messaging.SyncPublisher;
import dev.hookbus.sync.messaging.WriteProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness reflects Airtable and Kafka: DOWN until both consumers have their partitions, the base's ledger is listed
 * and a made-up event warmed the classification up (so the first event after start waits for none of them), and while
 * a base's writes or a publish are being retried, with the reason.
 */
@Readiness
@ApplicationScoped
public class SyncHealth implements HealthCheck {
    @Inject
    WriteProcessor writer;
    @Inject
    SyncPublisher publisher;
    @Inject
    HookEventAssignment hookEvents;
    @Inject
    HookEventProcessor classification;

    @Override
    public HealthCheckResponse call() {
        var problems = new java.util.LinkedHashMap<>(writer.problems());
        String notReadyToWrite = writer.notReadyToWrite();
        if (notReadyToWrite != null) {
            problems.put("writer", notReadyToWrite);
        }
        if (!hookEvents.settledOnce()) {
            problems.put("hook-events", "the hook events' and repairs' consumers do not both have their partitions yet");
        }
        if (!classification.warmedUp()) {
            problems.put("classification", "warming up (a made-up event through classification and mapping)");
        }
        if (publisher.stall() != null) {
            problems.put("kafka-publish", publisher.stall());
        }
        var response = HealthCheckResponse.named("airtable").status(problems.isEmpty());
        problems.forEach(response::withData);
        writer.paused().forEach((base, p) -> response.withData("paused:" + base, p));
        return response.build();
    }
}
