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

/** The status page: latest report, latest sync results and dead letters, latest Tilt verdicts. No JavaScript; Qute escapes everything. */
@Path("/")
public class StatusPage {
    @Inject
    ValidatorService validator;
    @Inject
    StatusFeed feed;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Report report, Map<dev.hookbus.events.ReconcileReportEvent.State, Integer> counts, List<Finding> drift, String error,
                List<SyncResultEvent> results, List<SyncResultEvent> deadLetters, List<TiltRunEvent> tiltRuns, List<String> roots);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        Report report = validator.latest();
        return Templates.index(report, report == null ? Map.<dev.hookbus.events.ReconcileReportEvent.State, Integer>of() : report.counts(), report == null ? List.of() : report.drift(),
                validator.lastError(), feed.results(), feed.deadLetters(), feed.tiltRuns(), validator.roots().stream().map(Object::toString).toList());
    }
}
