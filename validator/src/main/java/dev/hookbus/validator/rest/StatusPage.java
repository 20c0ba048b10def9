package dev.hookbus.validator.rest;

import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.validator.reconcile.Finding;
import dev.hookbus.validator.reconcile.Report;
import dev.hookbus.validator.service.StatusFeed;
import dev.hookbus.validator.service.ValidatorService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The status page: the newest Tilt verdict per pipeline, then the catalog with the drifted components first (stale ones
 * with each differing field), then sync results, dead letters and Tilt runs. No JavaScript; Qute escapes everything.
 */
@Path("/")
public class StatusPage {
    @Inject
    ValidatorService validator;
    @Inject
    StatusFeed feed;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Report report, Map<dev.hookbus.events.ReconcileReportEvent.State, Integer> counts, List<Finding> drift, String error,
                List<SyncResultEvent> results, List<SyncResultEvent> deadLetters, List<TiltRunEvent> tiltRuns, List<TiltRunEvent> verdicts,
                List<String> roots);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        Report report = validator.latest();
        List<TiltRunEvent> runs = feed.tiltRuns();
        // the newest verdict of each pipeline (the feed is newest first)
        Map<String, TiltRunEvent> verdicts = new java.util.LinkedHashMap<>();
        runs.stream().filter(r -> r.verdict() != null).forEach(r -> verdicts.putIfAbsent(r.pipeline(), r));
        List<Finding> drift = report == null ? List.of() : report.drift().stream()
                .sorted(java.util.Comparator.comparing((Finding f) -> f.differences().isEmpty()).thenComparing(Finding::syncKey)).toList();
        return Templates.index(report, report == null ? Map.<dev.hookbus.events.ReconcileReportEvent.State, Integer>of() : report.counts(), drift,
                validator.lastError(), feed.results(), feed.deadLetters(), runs, List.copyOf(verdicts.values()),
                validator.roots().stream().map(Object::toString).toList());
    }
}
