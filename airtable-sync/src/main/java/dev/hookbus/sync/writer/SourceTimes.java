package dev.hookbus.sync.writer;

import dev.hookbus.events.WriteIntentEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** An intent's Source Time as Airtable can hold it. */
final class SourceTimes {
    private SourceTimes() {
    }

    static Instant of(WriteIntentEvent i) {
        // Airtable keeps milliseconds: compare what it can hold
        return i.sourceTime() == null ? Instant.EPOCH : i.sourceTime().truncatedTo(ChronoUnit.MILLIS);
    }
}
