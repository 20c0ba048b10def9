package dev.hookbus.kit.rest;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Failure → status code, in one place for every service; every error leaves as {@link ApiError}. */
public class ApiErrorMappers {
    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @Inject
    Event<Rejected> rejections;

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        rejections.fire(new Rejected(e.status(), e.code()));
        Response.ResponseBuilder response = Response.fromResponse(ApiError.response(e.status(), e.code(), e.getMessage(), e.details()));
        Object retryAfter = e.details().get(ApiException.RETRY_AFTER_SECONDS);
        if (retryAfter != null && (e.status() == 503 || e.status() == 429)) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return refused(new ApiException(status, codeOf(status), messageOf(status, e), Map.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // the class only: a message may carry request content
        LOG.errorf("unexpected failure serving a request: %s", e.getClass().getName());
        rejections.fire(new Rejected(500, "INTERNAL_ERROR"));
        return ApiError.response(500, "INTERNAL_ERROR", "the request failed unexpectedly (" + e.getClass().getSimpleName()
                + "); nothing it asked for was confirmed");
    }

    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
    }

    private static String messageOf(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 415 -> "this endpoint does not take that Content-Type (send application/json)";
            default -> e.getMessage() == null ? "the request was refused (" + status + ")" : e.getMessage();
        };
    }
}
