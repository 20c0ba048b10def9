package dev.hookbus.sync.writer;

import dev.hookbus.events.EventIds;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.WriteIntentEvent;
import java.time.Instant;

/** What became of each intent, as the result events of one base. */
final class Outcomes {
    private final String baseId;

    Outcomes(String baseId) {
        this.baseId = baseId;
    }

    WriteOutcome of(SourcedIntent s, Outcome outcome, String recordId, String detail) {
        return new WriteOutcome(s, result(s, outcome, recordId, null, null, detail), null);
    }

    WriteOutcome deadLettered(SourcedIntent s, String recordId, int status, String errorType, String detail) {
        return new WriteOutcome(s, result(s, Outcome.DEAD_LETTERED, recordId, status, errorType, detail), detail);
    }

    private SyncResultEvent result(SourcedIntent s, Outcome outcome, String recordId, Integer status, String errorType, String detail) {
        WriteIntentEvent i = s.intent();
        return new SyncResultEvent(SyncResultEvent.SCHEMA_VERSION, EventIds.derived("result", i.intentId(), outcome.name()), outcome, baseId,
                i.table(), i.syncKey(), recordId, i.sourceEventId(), i.repairId(), i.intentId(), i.sourceTime(), Instant.now(), status,
                errorType, detail);
    }
}
