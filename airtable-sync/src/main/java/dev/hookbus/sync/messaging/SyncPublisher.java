package dev.hookbus.sync.messaging;

import static dev.hookbus.kit.messaging.KeyedMessages.keyed;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.sync.writer.WriteOutcome;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Every send completes on the broker's ack; callers ack their input only after. */
@ApplicationScoped
public class SyncPublisher {
    private static final Logger LOG = Logger.getLogger(SyncPublisher.class);

    @Inject
    @Channel(Channels.WRITES_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    MutinyEmitter<byte[]> intents;

    @Inject
    @Channel(Channels.RESULTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    MutinyEmitter<byte[]> results;


    @Inject
    SyncMetrics metrics;

    private final AtomicReference<String> stalled = new AtomicReference<>();

    public Uni<Void> intent(WriteIntentEvent intent) {
        return untilAcked("write intent", () -> intents.sendMessage(keyed(intent.baseId(), EventJson.toBytes(intent))));
    }

    /** A record for the writes topic as it was (a replayed dead letter). */
    public Uni<Void> rawIntent(String baseId, byte[] payload) {
        return untilAcked("write intent", () -> intents.sendMessage(keyed(baseId, payload)));
    }

    public Uni<Void> result(SyncResultEvent result) {
        return untilAcked("sync result",
                () -> results.sendMessage(keyed(result.syncKey() == null ? "" : result.syncKey(), EventJson.toBytes(result))));
    }

    public Uni<Void> all(List<Uni<Void>> sends) {
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** Results for every outcome. */
    public Uni<Void> outcomes(List<WriteOutcome> outcomes) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (WriteOutcome o : outcomes) {
            if (o.result() != null) {
                sends.add(result(o.result()));
            }
        }
        return all(sends);
    }

    /**
     * Sends until the broker acknowledges: a send that fails (the broker away, a leader moving) is tried again with a
     * backoff, without limit, so a broker outage never fails a stream (SmallRye does not resubscribe a failed one) and
     * nothing is skipped. Each attempt is bounded by the producer's delivery timeout; readiness reports the stall.
     */
    public Uni<Void> untilAcked(String what, Supplier<Uni<? extends Void>> send) {
        return Uni.createFrom().<Void>deferred(send)
                .onFailure(SyncPublisher::transientFailure).invoke(failure -> {
                    if (stalled.getAndSet(what + ": " + failure.getMessage()) == null) {
                        LOG.warnf("cannot publish a %s (%s): retrying until the broker takes it", what, failure.getMessage());
                    }
                    metrics.publishRetry();
                })
                .onFailure(SyncPublisher::transientFailure).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .invoke(() -> {
                    if (stalled.getAndSet(null) != null) {
                        LOG.infof("publishing again");
                    }
                });
    }

    /**
     * Everything but a record Kafka can never take (too large, unserialisable, invalid): those fail the input record,
     * which then goes to the unreadable dead letters instead of holding its partition forever.
     */
    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException || t instanceof org.apache.kafka.common.errors.SerializationException
                    || t instanceof org.apache.kafka.common.InvalidRecordException) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /** Why publishing is stalled, or null. */
    public String stall() {
        return stalled.get();
    }
}
