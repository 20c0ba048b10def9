package dev.hookbus.tilt.rest;

import dev.hookbus.tilt.pipeline.PipelineException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failure → status code, explicitly; every error leaves as {@link ApiError}. */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ApiError.response(e.status, e.code, e.getMessage());
    }

    @ServerExceptionMapper
    public Response pipeline(PipelineException e) {
        boolean unknownPipeline = e.getMessage().startsWith("no pipeline");
        return ApiError.response(unknownPipeline ? 404 : 400, unknownPipeline ? "UNKNOWN_PIPELINE" : "UNKNOWN_STEP", e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return ApiError.response(status, status == 404 ? "NOT_FOUND" : status == 405 ? "METHOD_NOT_ALLOWED" : status == 415
                ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected failure serving a request");
        return ApiError.response(500, "INTERNAL", "unexpected failure: " + e.getClass().getSimpleName());
    }
}
