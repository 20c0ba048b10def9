package dev.hookbus.kit.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A Kafka record's value with its key (and headers): every topic is keyed, see ARCHITECTURE.md "Topics". */
public final class KeyedMessages {
    private KeyedMessages() {
    }

    public static Message<byte[]> keyed(String key, byte[] payload) {
        return keyed(key, payload, null);
    }

    /** {@code headers} may be null. */
    public static Message<byte[]> keyed(String key, byte[] payload, RecordHeaders headers) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (headers != null) {
            metadata.withHeaders(headers);
        }
        return Message.of(payload).addMetadata(metadata.build());
    }
}
