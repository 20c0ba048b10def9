package dev.hookbus.validator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.events.ReconcileReportEvent.State;
import java.util.Locale;

/** The report as a plan-shaped terminal summary, or as JSON. */
public final class ReportFormat {
    private ReportFormat() {
    }

    public static String text(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("hookbus validator: base ").append(report.baseId()).append(", roots ").append(String.join(", ", report.roots())).append('\n');
        StringBuilder counts = new StringBuilder();
        report.counts().forEach((state, n) -> counts.append(counts.length() == 0 ? "" : ", ").append(n).append(' ').append(label(state)));
        out.append(counts).append('\n');
        if (report.drift().isEmpty()) {
            out.append("In sync: nothing to repair.\n");
        } else {
            out.append('\n');
            for (Finding f : report.drift()) {
                out.append(String.format(Locale.ROOT, "  %s %-10s %s%s%n", symbol(f), label(f.state()), f.syncKey(),
                        f.detail() == null ? "" : "  (" + f.detail() + ")"));
                for (FieldDifference d : f.differences()) {
                    out.append("        ").append(d.asPlanLine()).append('\n');
                }
            }
            out.append('\n').append(report.drift().size()).append(" to repair (validator check --auto-sync)").append('\n');
        }
        for (Finding f : report.findings()) {
            if (f.state() == State.INVALID) {
                out.append("  ? invalid    ").append(f.syncKey()).append("  (").append(f.detail()).append(")\n");
            }
            for (String w : f.warnings()) {
                out.append("  warning ").append(f.syncKey()).append(": ").append(w).append('\n');
            }
        }
        return out.toString();
    }

    private static String symbol(Finding f) {
        return switch (f.state()) {
            case MISSING -> f.adoptableRecordId() != null ? "&" : "+";
            case STALE -> "~";
            case ORPHANED, DUPLICATE -> "-";
            default -> " ";
        };
    }

    private static String label(State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    public static String json(Report report) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("baseId", report.baseId());
        report.roots().forEach(root.putArray("roots")::add);
        root.put("startedAt", report.startedAt().toString()).put("finishedAt", report.finishedAt().toString());
        ObjectNode counts = root.putObject("counts");
        report.counts().forEach((s, n) -> counts.put(label(s), n));
        root.put("drift", report.drift().size()).put("adoptable", report.adoptable()).put("exitCode", report.exitCode());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            ObjectNode n = findings.addObject().put("syncKey", f.syncKey()).put("state", label(f.state())).put("table", f.table())
                    .put("drift", f.isDrift());
            if (f.path() != null) {
                n.put("path", f.path());
            }
            f.recordIds().forEach(n.putArray("recordIds")::add);
            if (f.adoptableRecordId() != null) {
                n.put("adoptableRecordId", f.adoptableRecordId());
            }
            if (f.detail() != null) {
                n.put("detail", f.detail());
            }
            f.warnings().forEach(n.putArray("warnings")::add);
            if (!f.differences().isEmpty()) {
                ArrayNode differences = n.putArray("differences");
                f.differences().forEach(d -> differences.addObject().put("field", d.field()).put("airtable", d.airtable()).put("file", d.file()));
            }
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
