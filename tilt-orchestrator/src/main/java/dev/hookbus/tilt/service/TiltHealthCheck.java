package dev.hookbus.tilt.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data about the downstream: the loaded pipelines and whether Tilt answers. Tilt being down does not make
 * the service unready: runs then end with an honest "Tilt unreachable" verdict, which is the service doing its job.
 */
@Readiness
@ApplicationScoped
public class TiltHealthCheck implements HealthCheck {
    private static final long CACHE_NANOS = 5_000_000_000L;

    @Inject
    Orchestrator orchestrator;

    private volatile long checkedAt;
    private volatile boolean reachable;

    @Override
    public HealthCheckResponse call() {
        long now = System.nanoTime();
        if (checkedAt == 0 || now - checkedAt > CACHE_NANOS) {
            reachable = orchestrator.tilt().reachable();
            checkedAt = now;
        }
        return HealthCheckResponse.named("tilt").up()
                .withData("pipelines", orchestrator.pipelines().stream().map(p -> p.name()).toList().toString())
                .withData("tiltReachable", reachable)
                .withData("tiltBinary", orchestrator.tilt().binary())
                .build();
    }
}
