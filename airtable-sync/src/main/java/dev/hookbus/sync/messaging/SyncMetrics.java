package dev.hookbus.sync.messaging;

import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.sync.writer.BaseWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Records written, requests, 429s, retries, outcomes, unresolved events, and Source Time → Airtable latency. */
@ApplicationScoped
public class SyncMetrics implements BaseWriter.Metrics {
    private final MeterRegistry registry;
    private final Timer endToEnd;

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.endToEnd = Timer.builder("hookbus_sync_end_to_end_seconds").description("Source Time to Airtable's answer")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        // registered at start: a dashboard shows a true 0 before the first request, 429 or dead letter, not "no data"
        registry.counter("hookbus_sync_airtable_requests_total");
        registry.counter("hookbus_sync_airtable_429_total");
        registry.counter("hookbus_sync_airtable_retries_total");
        registry.counter("hookbus_sync_dlq_total");
        registry.counter("hookbus_sync_publish_retries_total");
        registry.counter("hookbus_sync_dead_letters_total", "kind", "refused");
        registry.counter("hookbus_sync_dead_letters_total", "kind", "unreadable");
    }

    @Override
    public void request() {
        registry.counter("hookbus_sync_airtable_requests_total").increment();
    }

    @Override
    public void rateLimited() {
        registry.counter("hookbus_sync_airtable_429_total").increment();
    }

    @Override
    public void retry() {
        registry.counter("hookbus_sync_airtable_retries_total").increment();
    }

    @Override
    public void written(SyncResultEvent.Outcome outcome, Instant sourceTime) {
        registry.counter("hookbus_sync_records_total", "outcome", outcome.name()).increment();
        if (outcome == SyncResultEvent.Outcome.DEAD_LETTERED) {
            registry.counter("hookbus_sync_dlq_total").increment();
        } else if (sourceTime != null && sourceTime.isBefore(Instant.now())) {
            endToEnd.record(Duration.between(sourceTime, Instant.now()));
        }
    }

    public void outcome(SyncResultEvent.Outcome outcome) {
        registry.counter("hookbus_sync_outcomes_total", "outcome", outcome.name()).increment();
    }

    /** A record sent to a dead-letter topic ({@code refused} by Airtable, or {@code unreadable}). */
    public void deadLetter(String kind) {
        registry.counter("hookbus_sync_dead_letters_total", "kind", kind).increment();
    }

    /** A publish to Kafka that failed and is tried again. */
    public void publishRetry() {
        registry.counter("hookbus_sync_publish_retries_total").increment();
    }
}
