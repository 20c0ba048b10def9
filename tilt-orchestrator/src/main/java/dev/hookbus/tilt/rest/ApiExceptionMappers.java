package dev.hookbus.tilt.rest;

import dev.hookbus.kit.rest.ApiError;
import dev.hookbus.tilt.pipeline.PipelineException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** tilt-orchestrator's own failure → status mapping; the rest is the service kit's. */
public class ApiExceptionMappers {
    @ServerExceptionMapper
    public Response pipeline(PipelineException e) {
        boolean unknownPipeline = e.getMessage().startsWith("no pipeline");
        return ApiError.response(unknownPipeline ? 404 : 400, unknownPipeline ? "UNKNOWN_PIPELINE" : "UNKNOWN_STEP", e.getMessage());
    }
}
