package dev.hookbus.ingest.messaging;

import static dev.hookbus.kit.messaging.KeyedMessages.keyed;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes hook events on {@code hookbus.hook-events.v1}, keyed by project root; completes on the broker's ack. */
@ApplicationScoped
public class HookEventPublisher {
    /** The outgoing channel (shared with tests). */
    public static final String CHANNEL = "hook-events";
    public static final String HEADER_EVENT_ID = "hookbus-event-id";
    public static final String HEADER_SCHEMA_VERSION = "hookbus-schema-version";
    public static final String HEADER_HOOK_EVENT = "hookbus-hook-event";
    public static final String HEADER_SOURCE = "hookbus-source";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<byte[]> emitter;

    public Uni<Void> publish(HookEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SCHEMA_VERSION, Integer.toString(event.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_HOOK_EVENT, event.hookEventName().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SOURCE, event.source().name().getBytes(StandardCharsets.UTF_8));
        return emitter.sendMessage(keyed(event.projectRoot(), EventJson.toBytes(event), headers));
    }

    /** For the benchmark's bare endpoint only: the bytes as they are. */
    public Uni<Void> publishRaw(String key, byte[] payload) {
        return emitter.sendMessage(keyed(key, payload));
    }
}
