package dev.hookbus.sync.writer;

import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.events.WriteIntentEvent.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One intent per key out of the intents waiting to be written: the newest Source Time wins; an UPSERT always beats an ENSURE of the same
 * key; intents by record id are merged per record. The losers are reported superseded (an ENSURE silently).
 */
final class IntentMerge {
    private IntentMerge() {
    }

    /** What two intents must share to be merged: the record id of an intent by id, else the sync key. */
    static String key(WriteIntentEvent i) {
        return byId(i) ? "id:" + i.recordId() : i.syncKey();
    }

    /** Whether the intent names its record by id (a delete, a mark, an adoption, an update by id). */
    static boolean byId(WriteIntentEvent i) {
        return i.recordId() != null && i.operation() != Operation.UPSERT && i.operation() != Operation.ENSURE;
    }

    static Map<String, SourcedIntent> winners(List<SourcedIntent> intents, Outcomes outcomes, List<WriteOutcome> out) {
        Map<String, SourcedIntent> winners = new LinkedHashMap<>();
        for (SourcedIntent s : intents) {
            WriteIntentEvent i = s.intent();
            String key = key(i);
            SourcedIntent current = winners.get(key);
            if (current == null) {
                winners.put(key, s);
                continue;
            }
            boolean replaces;
            if (current.intent().operation() == Operation.ENSURE && i.operation() != Operation.ENSURE) {
                replaces = true;
            } else if (i.operation() == Operation.ENSURE && current.intent().operation() != Operation.ENSURE) {
                replaces = false;
            } else {
                replaces = !SourceTimes.of(i).isBefore(SourceTimes.of(current.intent()));
            }
            SourcedIntent loser = replaces ? current : s;
            if (replaces) {
                winners.put(key, s);
            }
            if (loser.intent().operation() != Operation.ENSURE) {
                out.add(outcomes.of(loser, Outcome.STALE_SKIPPED, null, "superseded by a newer change of the same key"));
            }
        }
        return winners;
    }
}
