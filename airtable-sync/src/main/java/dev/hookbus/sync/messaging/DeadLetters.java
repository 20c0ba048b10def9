package dev.hookbus.sync.messaging;

import static dev.hookbus.kit.messaging.KeyedMessages.keyed;

import dev.hookbus.events.Topic;
import dev.hookbus.sync.writer.WriteOutcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * The two dead-letter topics of airtable-sync, each record the original one (bytes, key, headers) plus context headers
 * in one vocabulary: {@code dead-letter-reason}, {@code dead-letter-cause}, {@code dead-letter-topic},
 * {@code dead-letter-partition}, {@code dead-letter-offset}, {@code dead-letter-stage}.
 * <ul>
 * <li>{@link Topic#AIRTABLE_SYNC_UNREADABLE}: a record of any input topic that could not be read (stage
 * {@code classify}, {@code repair} or {@code write}); replaying it makes sense only once a fixed version can read it.
 * <li>{@link Topic#AIRTABLE_SYNC_DLQ}: a write intent Airtable refused for good (stage {@code airtable}); replayable to
 * the writes topic once the base or the file is fixed.
 * </ul>
 * Transient failures (the broker or Airtable away) never come here: they are retried until they succeed.
 */
@ApplicationScoped
public class DeadLetters {
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String STAGE = "dead-letter-stage";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel(Channels.DEAD_LETTERS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> refused;

    @Inject
    @Channel(Channels.UNREADABLE)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> unreadable;

    @Inject
    SyncPublisher publisher;
    @Inject
    SyncMetrics metrics;

    /** An input record that could not be read or classified, as it was. */
    public Uni<Void> unreadable(KafkaRecord<String, byte[]> record, String stage, Throwable failure) {
        return unreadable(record.getKey(), record.getPayload(), record.getHeaders(), record.getTopic(), record.getPartition(),
                record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                        .map(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                stage, failure);
    }

    public Uni<Void> unreadable(String key, byte[] payload, Iterable<Header> headers, String topic, int partition, long offset, String stage,
            Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        LOG.warnf("unreadable record %s-%d@%d at stage %s: %s (kept in %s)", topic, partition, offset, stage, reason,
                Topic.AIRTABLE_SYNC_UNREADABLE.topicName());
        metrics.deadLetter("unreadable");
        RecordHeaders out = new RecordHeaders();
        if (headers != null) {
            headers.forEach(h -> out.add(h.key(), h.value()));
        }
        context(out, topic, partition, offset, stage, reason, failure.getClass().getName());
        return publisher.untilAcked("dead letter", () -> unreadable.sendMessage(keyed(key, payload, out)));
    }

    /** A write intent Airtable refused, as it was read from the writes topic. */
    public Uni<Void> refused(WriteOutcome outcome) {
        var source = outcome.source();
        metrics.deadLetter("refused");
        RecordHeaders out = new RecordHeaders();
        source.headers().forEach(out::add);
        var result = outcome.result();
        context(out, source.topic(), source.partition(), source.offset(), "airtable", outcome.deadLetterReason(),
                result == null || result.errorType() == null ? "" : result.errorType());
        header(out, Channels.DLQ_HTTP_STATUS, result == null || result.httpStatus() == null ? "" : result.httpStatus().toString());
        header(out, Channels.DLQ_ERROR_TYPE, result == null || result.errorType() == null ? "" : result.errorType());
        header(out, Channels.DLQ_SYNC_KEY, source.intent().syncKey() == null ? "" : source.intent().syncKey());
        header(out, Channels.DLQ_SOURCE_OFFSET, source.sourceOffset());
        return publisher.untilAcked("dead letter", () -> refused.sendMessage(keyed(source.key(), source.raw(), out)));
    }

    private static void context(RecordHeaders out, String topic, int partition, long offset, String stage, String reason, String cause) {
        header(out, REASON, reason == null ? "" : reason);
        header(out, CAUSE, cause == null ? "" : cause);
        header(out, TOPIC, topic);
        header(out, PARTITION, Integer.toString(partition));
        header(out, OFFSET, Long.toString(offset));
        header(out, STAGE, stage);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Header values as text (for replays and tests). */
    public static Map<String, String> text(Iterable<Header> headers) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        headers.forEach(h -> out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        return out;
    }
}
