package dev.hookbus.sync.rest;

import dev.hookbus.sync.messaging.WriteProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness reflects Airtable: DOWN while a base's writes are being retried (outage, auth), with the reason. */
@Readiness
@ApplicationScoped
public class SyncHealth implements HealthCheck {
    @Inject
    WriteProcessor writer;

    @Override
    public HealthCheckResponse call() {
        var problems = writer.problems();
        var response = HealthCheckResponse.named("airtable").status(problems.isEmpty());
        problems.forEach(response::withData);
        writer.paused().forEach((base, p) -> response.withData("paused:" + base, p));
        return response.build();
    }
}
