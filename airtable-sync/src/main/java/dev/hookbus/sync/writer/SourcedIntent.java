package dev.hookbus.sync.writer;

import dev.hookbus.events.WriteIntentEvent;
import java.util.Map;

/**
 * An intent with the record it was read from: where (the DLQ's source headers), and its key, bytes and headers as
 * they were (a dead letter carries the original record, never a re-serialised intent).
 */
public record SourcedIntent(WriteIntentEvent intent, String topic, int partition, long offset, String key, byte[] raw,
        Map<String, byte[]> headers) {
    public SourcedIntent {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public String sourceOffset() {
        return topic + "-" + partition + "@" + offset;
    }
}
