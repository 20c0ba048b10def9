package dev.hookbus.tilt.rest;

import dev.hookbus.kit.rest.ApiError;
import dev.hookbus.kit.rest.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.tilt.config.TiltConfig;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.service.Orchestrator;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The plugin's {@code Stop} hook posts its input here and prints the answer: the project's latest run is awaited
 * (bounded) and an ERROR verdict blocks the stop, telling the agent the ERROR line and the log file. Never blocks when
 * {@code stop_hook_active} is true (the agent is already continuing because of a Stop hook).
 */
@Path("/api/hooks/stop")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StopHookResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Orchestrator orchestrator;
    @Inject
    TiltConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> stop(byte[] body, @QueryParam("wait") Double waitSeconds, @QueryParam("project") String projectParam) {
        JsonNode input;
        try {
            input = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "INVALID_JSON", "the Stop hook input is not valid JSON");
        }
        if (input == null || !input.isObject()) {
            throw new ApiException(400, "NOT_AN_OBJECT", "the Stop hook input must be a JSON object");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (input.path("stop_hook_active").asBoolean(false)) {
            return answer;
        }
        String project = projectParam != null && !projectParam.isBlank() ? projectParam : input.path("cwd").asText("");
        if (project.isBlank()) {
            throw new ApiException(400, "MISSING_PROJECT", "the Stop hook input has no cwd and no ?project= was given");
        }
        Optional<RunRecord> latest = orchestrator.latestRun(project, null);
        if (latest.isEmpty()) {
            return answer;
        }
        RunRecord run = latest.get();
        double wait = waitSeconds != null && waitSeconds >= 0 ? waitSeconds : config.stopHookWait().toMillis() / 1000.0;
        if (!run.finished() && wait > 0) {
            RunResource.await(run, wait);
        }
        if (run.finished() && run.status() == TiltRunEvent.Status.ERROR && run.verdict() != null) {
            answer.put("decision", "block");
            answer.put("reason", run.verdict() + (run.logPath() != null ? " — see " + run.logPath() : ""));
        } else if (!run.finished()) {
            answer.put("systemMessage", "hookbus: the Tilt run " + run.runId() + " of " + run.pipeline() + " is still running");
        }
        return answer;
    }
}
