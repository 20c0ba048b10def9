package dev.hookbus.sync.rest;

import dev.hookbus.sync.messaging.SyncPublisher;
import dev.hookbus.sync.messaging.WriteProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness reflects Airtable and Kafka: DOWN while a base's writes or a publish are being retried, with the reason. */
@Readiness
@ApplicationScoped
public class SyncHealth implements HealthCheck {
    @Inject
    WriteProcessor writer;
    @Inject
    SyncPublisher publisher;

    @Override
    public HealthCheckResponse call() {
        var problems = new java.util.LinkedHashMap<>(writer.problems());
        if (publisher.stall() != null) {
            problems.put("kafka-publish", publisher.stall());
        }
        var response = HealthCheckResponse.named("airtable").status(problems.isEmpty());
        problems.forEach(response::withData);
        writer.paused().forEach((base, p) -> response.withData("paused:" + base, p));
        return response.build();
    }
}
