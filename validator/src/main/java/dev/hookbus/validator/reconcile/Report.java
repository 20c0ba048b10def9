package dev.hookbus.validator.reconcile;

import dev.hookbus.events.ReconcileReportEvent;
import dev.hookbus.events.ReconcileReportEvent.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One pass: every finding, in a stable order. */
public record Report(String baseId, List<String> roots, Instant startedAt, Instant finishedAt, List<Finding> findings) {

    public Map<State, Integer> counts() {
        Map<State, Integer> counts = new EnumMap<>(State.class);
        for (State s : List.of(State.SYNCED, State.MISSING, State.STALE, State.ORPHANED, State.DUPLICATE, State.INVALID)) {
            counts.put(s, 0);
        }
        findings.forEach(f -> counts.merge(f.state(), 1, Integer::sum));
        return counts;
    }

    public List<Finding> drift() {
        return findings.stream().filter(Finding::isDrift).toList();
    }

    public long adoptable() {
        return findings.stream().filter(f -> f.adoptableRecordId() != null).count();
    }

    /** 0 in sync, 2 drift. */
    public int exitCode() {
        return drift().isEmpty() ? 0 : 2;
    }

    public ReconcileReportEvent toEvent(String reportId, List<String> repairIds, boolean autoSync, boolean prune, String trigger) {
        List<ReconcileReportEvent.Entry> entries = new ArrayList<>();
        for (Finding f : findings) {
            if (f.state() != State.SYNCED || !f.warnings().isEmpty()) {
                entries.add(new ReconcileReportEvent.Entry(f.syncKey(), f.state(), f.table(), f.path(), f.recordIds(), f.detail(), f.warnings()));
            }
        }
        return new ReconcileReportEvent(ReconcileReportEvent.SCHEMA_VERSION, reportId, baseId, roots, startedAt, finishedAt, counts(), entries,
                (int) adoptable(), repairIds, autoSync, prune, trigger);
    }
}
