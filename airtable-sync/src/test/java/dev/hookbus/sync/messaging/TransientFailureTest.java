package dev.hookbus.sync.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failed sends are retried until the broker takes them, and which fail their input record. */
class TransientFailureTest {
    @Test
    void anOutageIsRetriedARecordKafkaCanNeverTakeIsNot() {
        assertThat(SyncPublisher.transientFailure(new TimeoutException("Expiring 1 record(s): 10000 ms has passed"))).isTrue();
        assertThat(SyncPublisher.transientFailure(new IllegalStateException("Retries exhausted: 3/3"))).isTrue();
        assertThat(SyncPublisher.transientFailure(new CompletionException(new RecordTooLargeException("too large")))).isFalse();
        assertThat(SyncPublisher.transientFailure(new SerializationException("cannot serialize"))).isFalse();
    }
}
