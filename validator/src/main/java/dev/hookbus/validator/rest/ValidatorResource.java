package dev.hookbus.validator.rest;

import dev.hookbus.kit.rest.ApiError;
import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.validator.reconcile.Report;
import dev.hookbus.validator.reconcile.ReportFormat;
import dev.hookbus.validator.service.ValidatorService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code POST /api/reconcile[?autoSync=true&prune=false]} runs a pass; {@code GET /api/report} is the latest. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ValidatorResource {
    @Inject
    ValidatorService validator;

    @POST
    @Path("reconcile")
    @Blocking
    public Response reconcile(@QueryParam("autoSync") @DefaultValue("false") boolean autoSync,
            @QueryParam("prune") @DefaultValue("false") boolean prune) throws Exception {
        if (validator.roots().isEmpty()) {
            return error(409, "NO_ROOTS", "no roots configured: set HOOKBUS_ROOTS (or validator.roots)");
        }
        try {
            Report report = validator.pass("rest", autoSync, prune);
            return Response.ok(ReportFormat.json(report)).build();
        } catch (AirtableApiException | IllegalStateException e) {
            return error(502, "AIRTABLE_UNAVAILABLE", e.getMessage());
        }
    }

    @GET
    @Path("report")
    public Response report() {
        Report latest = validator.latest();
        return latest == null ? error(404, "NO_REPORT", "no pass has run yet") : Response.ok(ReportFormat.json(latest)).build();
    }

    private static Response error(int status, String code, String message) {
        return ApiError.response(status, code, message);
    }
}
