package dev.hookbus.kit.rest;

import dev.hookbus.events.EventJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Failures that happen below the REST layer (a request body Vert.x or the multipart reader cannot take: cut short,
 * malformed, over the size limit) leave as the one {@link ApiError} body with a 4xx, like every other refusal, instead
 * of the framework's own 500 page: a client that sent a broken request learns what is wrong, and nothing counts it
 * as our failure. Anything else still answers 500, in the same body, naming only the failure's class.
 */
@ApplicationScoped
public class HttpFailures {
    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    @Inject
    Event<Rejected> rejections;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        int status = context.statusCode();
        ApiError error;
        if (status == 413) {
            error = new ApiError("PAYLOAD_TOO_LARGE", "the request body is over the service's limit", Map.of());
        } else if (status >= 400 && status < 500) {
            error = new ApiError(ApiErrorMappers.codeOf(status), "the request was refused (" + status + ")", Map.of());
        } else if (failure instanceof java.nio.file.FileSystemException || (failure != null && String.valueOf(failure.getMessage()).contains("No space left"))) {
            status = 503;
            LOG.errorf("cannot store a request body: %s", failure.getClass().getName());
            error = new ApiError("STORAGE_UNAVAILABLE", "the service cannot store the request body right now; nothing was published, retry later",
                    Map.of());
        } else if (failure != null && unreadableBody(failure)) {
            status = 400;
            LOG.infof("refused a request body it could not read: %s", failure.getClass().getName());
            error = new ApiError("MALFORMED_BODY", "the request body could not be read (cut short or malformed multipart/form-data)",
                    Map.of());
        } else {
            status = 500;
            LOG.errorf("unexpected failure below the REST layer: %s", failure == null ? "none" : failure.getClass().getName());
            error = new ApiError("INTERNAL_ERROR", "the request failed unexpectedly (" + (failure == null ? "unknown" : failure.getClass().getSimpleName())
                    + "); nothing it asked for was confirmed", Map.of());
        }
        rejections.fire(new Rejected(status, error.code()));
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(EventJson.toBytes(error)));
    }

    /** A body the decoders refused: what a client's broken request causes, never the service's own failure. */
    static boolean unreadableBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.contains("Multipart") || name.contains("DecoderException") || name.contains("ErrorDataDecoder")
                    || name.contains("MalformedInput") || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
