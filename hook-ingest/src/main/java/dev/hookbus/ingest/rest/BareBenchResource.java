package dev.hookbus.ingest.rest;

import dev.hookbus.kit.rest.ApiException;
import dev.hookbus.ingest.messaging.HookEventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import dev.hookbus.ingest.config.IngestConfig;

/**
 * The benchmark's yardstick (off unless {@code ingest.bench-endpoint=true}): sends the body as it is to Kafka through
 * the same producer (acks=all) and answers after the ack, with no checks, no envelope, no duplicate window.
 */
@Path("/bench/bare")
public class BareBenchResource {
    @Inject
    HookEventPublisher publisher;

    @Inject
    IngestConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> bare(byte[] body) {
        if (!config.benchEndpoint()) {
            throw new ApiException(404, "NOT_FOUND", "the benchmark endpoint is off (ingest.bench-endpoint=false)", Map.of());
        }
        return publisher.publishRaw("bench", body).replaceWith(Response.noContent().build());
    }
}
