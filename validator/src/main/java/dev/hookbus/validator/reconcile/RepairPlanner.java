package dev.hookbus.validator.reconcile;

import dev.hookbus.events.ComponentRepairEvent;
import dev.hookbus.events.ComponentRepairEvent.Action;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.FileSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns drift into repairs for the one writer: Missing and Stale → the full file (adoptable records by id); orphans
 * and extra duplicates → marked Orphaned, or deleted with {@code prune} (the oldest record of a key survives).
 */
public final class RepairPlanner {
    private RepairPlanner() {
    }

    public static List<ComponentRepairEvent> plan(Report report, boolean prune) throws IOException {
        List<ComponentRepairEvent> repairs = new ArrayList<>();
        Instant now = Instant.now();
        for (Finding f : report.findings()) {
            switch (f.state()) {
                case MISSING, STALE -> {
                    FileSnapshot snapshot;
                    Instant modified;
                    if (f.file() != null) {
                        byte[] bytes = Files.readAllBytes(f.file().absolutePath());
                        snapshot = new FileSnapshot(f.file().file().relativePath(), new String(bytes, StandardCharsets.UTF_8),
                                FileSnapshot.sha256Hex(bytes));
                        modified = f.file().modified();
                    } else {
                        // a marketplace or plugin without a manifest: its record comes from its key alone, as an empty manifest gives
                        snapshot = FileSnapshot.of(manifestPath(f.syncKey()), "");
                        modified = now;
                    }
                    boolean adopt = f.adoptableRecordId() != null;
                    repairs.add(new ComponentRepairEvent(ComponentRepairEvent.SCHEMA_VERSION, EventIds.random(), adopt ? Action.ADOPT : Action.UPSERT,
                            report.baseId(), f.syncKey(), f.table(), f.syncKey().split("/", 2)[0], snapshot,
                            adopt ? List.of(f.adoptableRecordId()) : List.of(), modified, now, f.state().name()));
                }
                case ORPHANED, DUPLICATE -> {
                    if (prune) {
                        repairs.add(new ComponentRepairEvent(ComponentRepairEvent.SCHEMA_VERSION, EventIds.random(), Action.DELETE, report.baseId(),
                                f.syncKey(), f.table(), null, null, f.recordIds(), now, now, f.state().name()));
                    } else if (!f.alreadyMarked()) {
                        repairs.add(new ComponentRepairEvent(ComponentRepairEvent.SCHEMA_VERSION, EventIds.random(), Action.MARK_ORPHANED,
                                report.baseId(), f.syncKey(), f.table(), null, null, f.recordIds(), now, now, f.state().name()));
                    }
                }
                default -> {
                }
            }
        }
        return repairs;
    }

    /**
     * {@code resync <key|plugin|all>}: full snapshots of the matching components, whatever their state (a key, every
     * component of a plugin {@code <mp>/<p>}, or {@code all}). Records without a file and Invalid components have no
     * snapshot and are left to the normal repairs.
     */
    public static List<ComponentRepairEvent> resync(Report report, String selector) throws IOException {
        List<ComponentRepairEvent> repairs = new ArrayList<>();
        Instant now = Instant.now();
        for (Finding f : report.findings()) {
            boolean selected = selector.equals("all") || f.syncKey().equals(selector) || f.syncKey().startsWith(selector + "/");
            if (!selected || f.file() == null || f.state() == dev.hookbus.events.ReconcileReportEvent.State.INVALID
                    || f.state() == dev.hookbus.events.ReconcileReportEvent.State.ORPHANED
                    || f.state() == dev.hookbus.events.ReconcileReportEvent.State.DUPLICATE) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(f.file().absolutePath());
            repairs.add(new ComponentRepairEvent(ComponentRepairEvent.SCHEMA_VERSION, EventIds.random(),
                    f.adoptableRecordId() != null ? Action.ADOPT : Action.UPSERT, report.baseId(), f.syncKey(), f.table(),
                    f.file().file().marketplace(), new FileSnapshot(f.file().file().relativePath(), new String(bytes, StandardCharsets.UTF_8),
                            FileSnapshot.sha256Hex(bytes)), f.adoptableRecordId() == null ? List.of() : List.of(f.adoptableRecordId()),
                    f.file().modified(), now, "resync " + selector));
        }
        return repairs;
    }

    private static String manifestPath(String containerKey) {
        String[] parts = containerKey.split("/");
        return parts.length == 1 ? ".claude-plugin/marketplace.json" : "plugins/" + parts[1] + "/.claude-plugin/plugin.json";
    }
}
