package dev.hookbus.tilt.rest;

import dev.hookbus.kit.rest.ApiError;
import dev.hookbus.kit.rest.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.service.Orchestrator;
import dev.hookbus.tilt.service.RunRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs over REST: start one ({@code POST /api/runs}), read one with its steps, read the latest of a project or
 * pipeline (optionally waiting while it runs), cancel, list pipelines.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RunResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_WAIT = Duration.ofMinutes(30);

    @Inject
    Orchestrator orchestrator;
    @Inject
    RunRegistry registry;

    /** Body: {@code {"pipeline":"citadel","steps":["server"],"stepTimeoutSeconds":60}}; steps optional (all). */
    @POST
    @Path("/runs")
    @Consumes(MediaType.WILDCARD)
    public Response start(byte[] body, @QueryParam("wait") Double waitSeconds, @QueryParam("format") String format) {
        JsonNode request = parse(body);
        String pipeline = request.path("pipeline").asText("");
        String project = request.path("project").asText("");
        if (pipeline.isBlank() && !project.isBlank()) {
            pipeline = orchestrator.pipelines().stream().filter(p -> p.covers(project)).map(Pipeline::name).findFirst()
                    .orElseThrow(() -> new ApiException(404, "UNKNOWN_PIPELINE", "no pipeline's workspace holds " + project));
        }
        if (pipeline.isBlank()) {
            throw new ApiException(400, "MISSING_PIPELINE", "the body needs \"pipeline\" (a pipeline's name) or \"project\" (a directory)");
        }
        List<String> steps = new ArrayList<>();
        JsonNode stepsNode = request.path("steps");
        if (!stepsNode.isMissingNode() && !stepsNode.isNull()) {
            if (!stepsNode.isArray()) {
                throw new ApiException(400, "BAD_STEPS", "\"steps\" must be a list of step resource names");
            }
            stepsNode.forEach(s -> steps.add(s.asText()));
        }
        Optional<Duration> timeout = Optional.empty();
        if (request.hasNonNull("stepTimeoutSeconds")) {
            double s = request.get("stepTimeoutSeconds").asDouble(-1);
            if (s <= 0) {
                throw new ApiException(400, "BAD_TIMEOUT", "\"stepTimeoutSeconds\" must be a positive number");
            }
            timeout = Optional.of(Duration.ofMillis(Math.round(s * 1000)));
        }
        RunRecord run = orchestrator.request(pipeline, steps, "rest", timeout);
        if (waitSeconds != null && waitSeconds > 0) {
            await(run, waitSeconds);
        }
        Response.ResponseBuilder response = Response.status(run.finished() ? 200 : 202).location(URI.create("/api/runs/" + run.runId()));
        if ("text".equals(format)) {
            // for scripts: the verdict line (or the run's status) and the log path, nothing to parse
            String text = (run.finished() ? run.verdict() : "run " + run.runId() + " is " + run.status()) + "\n"
                    + (run.logPath() != null ? "log: " + run.logPath() + "\n" : "");
            return response.type(MediaType.TEXT_PLAIN).entity(text).build();
        }
        return response.entity(run.view()).build();
    }

    @GET
    @Path("/runs/{runId}")
    public RunRecord.View get(@PathParam("runId") String runId, @QueryParam("wait") Double waitSeconds) {
        RunRecord run = registry.get(runId).orElseThrow(() -> new ApiException(404, "UNKNOWN_RUN", "no run " + runId + " on this replica"));
        if (waitSeconds != null && waitSeconds > 0) {
            await(run, waitSeconds);
        }
        return run.view();
    }

    /** The latest run of a project directory (any directory inside a pipeline's workspace) or of a pipeline. */
    @GET
    @Path("/runs/latest")
    public RunRecord.View latest(@QueryParam("project") String project, @QueryParam("pipeline") String pipeline,
            @QueryParam("wait") Double waitSeconds) {
        if ((project == null || project.isBlank()) && (pipeline == null || pipeline.isBlank())) {
            throw new ApiException(400, "MISSING_PROJECT", "give ?project=<directory> or ?pipeline=<name>");
        }
        RunRecord run = orchestrator.latestRun(project, pipeline).orElseThrow(() -> new ApiException(404, "NO_RUN",
                "no run yet for " + (project != null && !project.isBlank() ? "project " + project : "pipeline " + pipeline)));
        if (waitSeconds != null && waitSeconds > 0) {
            await(run, waitSeconds);
        }
        return run.view();
    }

    @POST
    @Path("/runs/{runId}/cancel")
    public RunRecord.View cancel(@PathParam("runId") String runId) {
        RunRecord run = registry.get(runId).orElseThrow(() -> new ApiException(404, "UNKNOWN_RUN", "no run " + runId + " on this replica"));
        run.cancel();
        return run.view();
    }

    @GET
    @Path("/pipelines")
    public List<Map<String, Object>> pipelines() {
        return orchestrator.pipelines().stream().map(p -> Map.<String, Object>of("name", p.name(), "workspaceRoot", p.workspaceRoot().toString(),
                "steps", p.steps().stream().map(s -> s.resource()).toList(), "debounceMillis", p.debounce().toMillis())).toList();
    }

    /** Waits (at most 30 min) for the verdict; a run still going is then answered as it is. */
    static void await(RunRecord run, double seconds) {
        run.awaitFinished(Duration.ofMillis(Math.min(MAX_WAIT.toMillis(), Math.round(seconds * 1000))));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(400, "EMPTY_BODY", "the body must be a JSON object such as {\"pipeline\":\"citadel\"}");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "NOT_AN_OBJECT", "the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "INVALID_JSON", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "INVALID_JSON", "the body could not be read: " + e.getMessage());
        }
    }
}
