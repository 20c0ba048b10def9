package dev.hookbus.ingest.rest;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Explicit mapping from failure to status code; every answer carries {@link ApiError}. */
public class IngestExceptionMapper {
    private static final Logger LOG = Logger.getLogger(IngestExceptionMapper.class);

    @Inject
    MeterRegistry registry;

    @ServerExceptionMapper
    public Response rejected(IngestException e) {
        registry.counter("hookbus_ingest_rejected_total", "reason", e.code()).increment();
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.code(), e.getMessage(), e.details()));
        if (e.status() == 503) {
            response.header("Retry-After", e.details().getOrDefault("retryAfterSeconds", 5));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(jakarta.ws.rs.NotSupportedException e) {
        return rejected(new IngestException(415, "UNSUPPORTED_MEDIA_TYPE", "this endpoint takes application/json", Map.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return rejected(new IngestException(status, "HTTP_" + status, "the request was refused (" + status + ")", Map.of()));
        }
        LOG.errorf("unexpected failure handling a hook event: %s", e.getClass().getName());
        return Response.status(500).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("INTERNAL_ERROR", "hook-ingest failed to handle the event; it was not published", Map.of())).build();
    }
}
