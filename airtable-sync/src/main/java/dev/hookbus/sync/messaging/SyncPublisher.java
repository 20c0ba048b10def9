package dev.hookbus.sync.messaging;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.sync.writer.WriteOutcome;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Every send completes on the broker's ack; callers ack their input only after. */
@ApplicationScoped
public class SyncPublisher {
    @Inject
    @Channel(Channels.WRITES_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    MutinyEmitter<byte[]> intents;

    @Inject
    @Channel(Channels.RESULTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    MutinyEmitter<byte[]> results;

    @Inject
    @Channel(Channels.DEAD_LETTERS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> deadLetters;

    public Uni<Void> intent(WriteIntentEvent intent) {
        return intents.sendMessage(keyed(EventJson.toBytes(intent), intent.baseId(), null));
    }

    public Uni<Void> result(SyncResultEvent result) {
        return results.sendMessage(keyed(EventJson.toBytes(result), result.syncKey() == null ? "" : result.syncKey(), null));
    }

    public Uni<Void> all(List<Uni<Void>> sends) {
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** Results for every outcome, the intent itself to the DLQ for dead letters. */
    public Uni<Void> outcomes(List<WriteOutcome> outcomes) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (WriteOutcome o : outcomes) {
            if (o.result() != null) {
                sends.add(result(o.result()));
            }
            if (o.deadLetterReason() != null) {
                RecordHeaders headers = new RecordHeaders();
                header(headers, Channels.DLQ_REASON, o.deadLetterReason());
                header(headers, Channels.DLQ_HTTP_STATUS, o.result() == null || o.result().httpStatus() == null ? "" : o.result().httpStatus().toString());
                header(headers, Channels.DLQ_ERROR_TYPE, o.result() == null || o.result().errorType() == null ? "" : o.result().errorType());
                header(headers, Channels.DLQ_SYNC_KEY, o.source().intent().syncKey() == null ? "" : o.source().intent().syncKey());
                header(headers, Channels.DLQ_SOURCE_OFFSET, o.source().sourceOffset());
                String key = o.source().intent().syncKey() == null ? "" : o.source().intent().syncKey();
                sends.add(deadLetters.sendMessage(keyed(EventJson.toBytes(o.source().intent()), key, headers)));
            }
        }
        return all(sends);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Message<byte[]> keyed(byte[] payload, String key, RecordHeaders headers) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (headers != null) {
            metadata.withHeaders(headers);
        }
        return Message.of(payload).addMetadata(metadata.build());
    }
}
