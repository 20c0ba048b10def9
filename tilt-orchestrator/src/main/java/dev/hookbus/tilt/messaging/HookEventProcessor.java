package dev.hookbus.tilt.messaging;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.tilt.service.Orchestrator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hook events → pipeline runs. An event is acknowledged (its offset may be committed) only once the run that covers
 * it has finished and its verdict is on Kafka: a crash mid-run redelivers the change and it is built again.
 */
@ApplicationScoped
public class HookEventProcessor {
    public static final String CHANNEL = "hook-events";
    private static final Logger LOG = Logger.getLogger(HookEventProcessor.class);

    @Inject
    Orchestrator orchestrator;
    @Inject
    MeterRegistry meters;

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        HookEvent event;
        try {
            event = EventJson.read(message.getPayload(), HookEvent.class);
        } catch (Exception e) {
            // airtable-sync dead-letters the same record from its own group; here it can only be counted and skipped
            meters.counter("hookbus_tilt_hook_events_rejected_total").increment();
            LOG.warnf("hook event that is not valid JSON skipped (airtable-sync dead-letters it): %s", e.getMessage());
            return message.ack();
        }
        if (event.filePaths().isEmpty()) {
            return message.ack();
        }
        int runs = orchestrator.changed(event.projectRoot(), event.filePaths(), "hook:" + event.eventId(), () -> message.ack());
        meters.counter("hookbus_tilt_hook_events_total", "needs_run", String.valueOf(runs > 0)).increment();
        return CompletableFuture.completedFuture(null);
    }
}
