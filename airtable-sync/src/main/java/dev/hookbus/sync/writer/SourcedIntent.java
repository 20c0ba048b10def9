package dev.hookbus.sync.writer;

import dev.hookbus.events.WriteIntentEvent;

/** An intent with where it was read from (the DLQ's source-offset header). */
public record SourcedIntent(WriteIntentEvent intent, String topic, int partition, long offset, byte[] raw) {
    public String sourceOffset() {
        return topic + "-" + partition + "@" + offset;
    }
}
