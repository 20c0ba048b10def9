package dev.hookbus.sync.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.catalog.Classifier;
import dev.hookbus.catalog.Component;
import dev.hookbus.catalog.ComponentFile;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.sync.classify.ContentResolver;
import dev.hookbus.sync.classify.IntentFactory;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Classify → resolve → parse → map: hook events that touched catalog files become write intents on the writes topic
 * (keyed by base). Content that cannot be resolved is an UNRESOLVED result, never a silent drop.
 */
@ApplicationScoped
public class HookEventProcessor {
    private static final Logger LOG = Logger.getLogger(HookEventProcessor.class);
    private static final Set<String> WRITING_TOOLS = Set.of("Write", "Edit", "MultiEdit", "NotebookEdit");

    @Inject
    Classifier classifier;
    @Inject
    MarketplaceNames names;
    @Inject
    FieldMapping mapping;
    @Inject
    BaseRouting routing;
    @Inject
    SyncPublisher publisher;
    @Inject
    SyncMetrics metrics;

    @Inject
    DeadLetters deadLetters;

    /**
     * Records whose sends are on their way at once, at most. Each record is classified in order (a manifest's rename
     * is learnt before the next record is read) and its sends are handed to the producer in that order, but the next
     * record does not wait for the broker's acknowledgement of the last: a round trip under load (~60 ms) per record
     * held a partition to ~16 records/s. The throttled commit strategy commits an offset only once every record
     * before it is acknowledged, so a crash redelivers whatever was not.
     */
    static final int MAX_UNACKNOWLEDGED = 512;

    private final AtomicInteger unacknowledged = new AtomicInteger();

    /** Acknowledged only after every intent and result it caused is on its topic; what cannot be read goes aside. */
    @Incoming(Channels.HOOK_EVENTS)
    public Uni<Void> onHookEvent(KafkaRecord<String, byte[]> record) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("hook event received %d ms after the broker appended it", System.currentTimeMillis() - record.getTimestamp().toEpochMilli());
        }
        Uni<Void> work;
        try {
            work = process(record.getPayload());
        } catch (RuntimeException unreadable) {
            work = deadLetters.unreadable(record, "classify", unreadable);
        }
        CompletableFuture<Void> settled = new CompletableFuture<>();
        unacknowledged.incrementAndGet();
        // a failed send (a record Kafka can never take) nacks: the channel's failure strategy puts it aside
        work.subscribe().with(ignored -> settle(record.ack(), settled), failure -> settle(record.nack(failure), settled));
        return unacknowledged.get() > MAX_UNACKNOWLEDGED ? Uni.createFrom().completionStage(settled) : Uni.createFrom().voidItem();
    }

    private void settle(CompletionStage<Void> acknowledgement, CompletableFuture<Void> settled) {
        acknowledgement.whenComplete((ignored, failure) -> {
            unacknowledged.decrementAndGet();
            settled.complete(null);
        });
    }

    /** Where the intents and results of an event go: the topics, or nowhere (the warm-up). */
    interface Sends {
        Uni<Void> intent(WriteIntentEvent intent);

        Uni<Void> unresolved(SyncResultEvent result);
    }

    private final Sends topics = new Sends() {
        @Override
        public Uni<Void> intent(WriteIntentEvent intent) {
            return publisher.intent(intent);
        }

        @Override
        public Uni<Void> unresolved(SyncResultEvent result) {
            metrics.outcome(SyncResultEvent.Outcome.UNRESOLVED);
            return publisher.result(result);
        }
    };

    /** The warm-up's sends: serialized like the real ones, then dropped; counted. */
    private static final class Dropped implements Sends {
        int intents;

        @Override
        public Uni<Void> intent(WriteIntentEvent intent) {
            EventJson.toBytes(intent);
            intents++;
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> unresolved(SyncResultEvent result) {
            EventJson.toBytes(result);
            return Uni.createFrom().voidItem();
        }
    }

    private volatile boolean warmedUp;
    private volatile int warmUpIntents;

    /**
     * Before readiness: a made-up Write of an agent goes through reading, classification, mapping and serialization,
     * publishing nothing and learning no marketplace name (an agent is no manifest). The first real event after start
     * spent ~340 ms in this code while the JVM loaded and compiled it.
     */
    void warmUp(@Observes StartupEvent start) {
        long t = System.nanoTime();
        ObjectNode hook = EventJson.mapper().createObjectNode();
        String path = "/hookbus-warm-up/plugins/warm-up/agents/warm-up.md";
        hook.put("hook_event_name", "PostToolUse").put("tool_name", "Write").put("tool_use_id", "toolu_warm_up");
        hook.putObject("tool_input").put("file_path", path).put("content", "---\nname: warm-up\ndescription: warm-up\n---\nwarm-up\n");
        Instant now = Instant.now();
        byte[] payload = EventJson.toBytes(new HookEvent(HookEvent.SCHEMA_VERSION, "warm-up", now, now, HookEvent.Source.FORWARDER,
                "/hookbus-warm-up", "PostToolUse", "Write", "warm-up", "toolu_warm_up", List.of(path), hook, null, null));
        Dropped dropped = new Dropped();
        try {
            process(payload, dropped);
        } catch (RuntimeException e) {
            // only speed is at stake: the real events take the same path and report their own failures
            LOG.warnf("warm-up: the made-up event failed (%s); the first real event pays the JVM's warm-up", e.toString());
        }
        warmUpIntents = dropped.intents;
        warmedUp = true;
        LOG.debugf("warm-up: a made-up event mapped to %d intent(s) in %d ms", dropped.intents, (System.nanoTime() - t) / 1_000_000);
    }

    /** The intents the warm-up's made-up event mapped to (and published nowhere). */
    public int warmUpIntents() {
        return warmUpIntents;
    }

    /** Whether the warm-up ran (readiness waits for it). */
    public boolean warmedUp() {
        return warmedUp;
    }

    /** The work one record causes; throws when the record cannot be read. */
    Uni<Void> process(byte[] payload) {
        return process(payload, topics);
    }

    private Uni<Void> process(byte[] payload, Sends out) {
        HookEvent event = EventJson.read(payload, HookEvent.class);
        if (!"PostToolUse".equals(event.hookEventName()) || event.toolName() == null || !WRITING_TOOLS.contains(event.toolName())) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (String path : event.filePaths()) {
            if (!(classifier.classify(Path.of(path)) instanceof Classifier.Located first)) {
                continue;
            }
            Optional<String> content = ContentResolver.resolve(event, path);
            Classifier.Located located = first;
            if (first.file().role() == ComponentFile.Role.MARKETPLACE_MANIFEST && content.isPresent()) {
                // the manifest names the marketplace: every key of it follows, from this event on; a name it had before the
                // tool ran is a former name, so a rename re-keys the records in place
                names.learn(first.marketplaceRoot(), content.get(), ContentResolver.original(event, path).orElse(null));
                if (classifier.classify(Path.of(path)) instanceof Classifier.Located renamed) {
                    located = renamed;
                }
            }
            if (content.isEmpty()) {
                LOG.infof("unresolved: event %s changed %s but carries no content (the validator's next pass repairs it)",
                        event.eventId(), located.file().syncKey());
                sends.add(out.unresolved(new SyncResultEvent(SyncResultEvent.SCHEMA_VERSION, EventIds.derived("unresolved", event.eventId(), path),
                        SyncResultEvent.Outcome.UNRESOLVED, routing.baseFor(located.file().marketplace()), null, located.file().syncKey(), null, event.eventId(), null, null,
                        event.sourceTime(), Instant.now(), null, null, "no snapshot, Write content or applicable Edit in the event")));
                continue;
            }
            IntentFactory factory = new IntentFactory(mapping, routing.baseFor(located.file().marketplace()));
            IntentFactory.Outcome outcome = factory.fromFile(located.file(), content.get(), event.sourceTime(), event.eventId(), null,
                    names.formerNames(located.marketplaceRoot()));
            for (Component invalid : outcome.invalid()) {
                LOG.warnf("invalid component %s: %s", invalid.syncKey(), invalid.invalidReason());
            }
            for (WriteIntentEvent intent : outcome.intents()) {
                sends.add(out.intent(intent));
            }
        }
        LOG.debugf("event %s: %d send(s)", event.eventId(), sends.size());
        return publisher.all(sends);
    }
}
