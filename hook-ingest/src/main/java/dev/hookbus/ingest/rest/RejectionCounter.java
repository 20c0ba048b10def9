package dev.hookbus.ingest.rest;

import dev.hookbus.kit.rest.Rejected;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Every refused hook request counted by its code ({@code hookbus_ingest_rejected_total{reason}}). */
@ApplicationScoped
public class RejectionCounter {
    private final MeterRegistry registry;

    public RejectionCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(@Observes Rejected rejected) {
        registry.counter("hookbus_ingest_rejected_total", "reason", rejected.code()).increment();
    }
}
