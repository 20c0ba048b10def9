package dev.hookbus.sync.writer;

import dev.hookbus.events.SyncResultEvent;

/**
 * What became of one intent.
 *
 * @param source the intent
 * @param result the result event to publish, or null (an ENSURE that found its record)
 * @param deadLetterReason set when the intent goes to the DLQ
 */
public record WriteOutcome(SourcedIntent source, SyncResultEvent result, String deadLetterReason) {
}
