package dev.hookbus.ingest.rest;

import dev.hookbus.kit.rest.ApiException;
import dev.hookbus.events.FileSnapshot;
import dev.hookbus.events.HookEvent;
import dev.hookbus.ingest.config.IngestConfig;
import dev.hookbus.ingest.hook.HookEventFactory;
import dev.hookbus.ingest.hook.ParsedHook;
import dev.hookbus.ingest.hook.PublishDeadlines;
import dev.hookbus.ingest.hook.RecentlyPublished;
import dev.hookbus.ingest.messaging.HookEventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The only door in. {@code POST /v1/hooks/claude-code}: Claude Code's native http hook. {@code POST
 * /v1/hooks/claude-code/forward}: the plugin's forwarder (multipart: the event plus an optional file snapshot).
 * Both answer 204 with an empty body and {@code X-Hookbus-Event-Id}, only after Kafka acknowledged the record.
 */
@Path("/v1/hooks/claude-code")
public class HookResource {
    public static final String EVENT_ID_HEADER = "X-Hookbus-Event-Id";
    public static final String DUPLICATE_HEADER = "X-Hookbus-Duplicate";
    public static final String CAPTURED_AT_HEADER = "X-Hookbus-Captured-At";
    public static final String PROJECT_DIR_HEADER = "X-Hookbus-Project-Dir";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    @Inject
    IngestConfig config;
    @Inject
    HookEventPublisher publisher;
    @Inject
    MeterRegistry registry;

    private HookEventFactory factory;
    private RecentlyPublished recent;
    private Counter accepted;
    private Counter duplicates;
    private Timer publishLatency;
    private PublishDeadlines deadlines;

    @jakarta.annotation.PostConstruct
    void init() {
        factory = new HookEventFactory(config.maxNestingDepth());
        recent = new RecentlyPublished(config.duplicateWindow(), config.duplicateCapacity(), Clock.systemUTC());
        // a publish with no outcome within the bound answers 503 (the producer's delivery timeout fails it there too)
        deadlines = new PublishDeadlines(config.publishTimeout(), Duration.ofMillis(10), TimeoutException::new);
        accepted = registry.counter("hookbus_ingest_accepted_total");
        duplicates = registry.counter("hookbus_ingest_duplicates_total");
        publishLatency = Timer.builder("hookbus_ingest_publish_seconds").description("hook JSON received to Kafka ack")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @jakarta.annotation.PreDestroy
    void close() {
        deadlines.close();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> nativeHook(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        requireJson(contentType);
        checkSize(body.length, config.maxBodyBytes(), "hook JSON");
        ParsedHook hook = factory.parse(body);
        HookEvent event = factory.stamp(hook, HookEvent.Source.HTTP_HOOK, null, null, null, null, Instant.now());
        return publishOnce(event);
    }

    @POST
    @Path("forward")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<Response> forwarded(@HeaderParam(IDEMPOTENCY_KEY_HEADER) String idempotencyKey, @HeaderParam(CAPTURED_AT_HEADER) String capturedAt,
            @HeaderParam(PROJECT_DIR_HEADER) String projectDir, @RestForm("event") FileUpload eventPart,
            @RestForm("snapshot") FileUpload snapshotPart, @RestForm("snapshot_path") String snapshotPath) {
        if (eventPart == null) {
            throw ApiException.badRequest("MISSING_PART", "multipart part 'event' (the hook JSON) is missing", Map.of("part", "event"));
        }
        if (eventPart.contentType() != null && !eventPart.contentType().startsWith(MediaType.APPLICATION_JSON)) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "part 'event' must be application/json", Map.of("part", "event"));
        }
        checkSize(eventPart.size(), config.maxBodyBytes(), "hook JSON");
        ParsedHook hook = factory.parse(read(eventPart));
        FileSnapshot snapshot = null;
        if (snapshotPart != null) {
            checkSize(snapshotPart.size(), config.maxSnapshotBytes(), "snapshot");
            byte[] bytes = read(snapshotPart);
            String text = decodeUtf8(bytes);
            String path = snapshotPath != null && !snapshotPath.isBlank() ? snapshotPath.strip()
                    : hook.toolInputFilePath();
            if (path == null) {
                throw ApiException.badRequest("MISSING_FIELD", "a snapshot needs 'snapshot_path' or tool_input.file_path",
                        Map.of("field", "snapshot_path"));
            }
            snapshot = new FileSnapshot(HookEventFactory.normalisePath(path, hook.cwd(), "snapshot_path"), text,
                    FileSnapshot.sha256Hex(bytes));
        }
        Instant captured = null;
        if (capturedAt != null && !capturedAt.isBlank()) {
            try {
                captured = Instant.parse(capturedAt.strip());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("INVALID_HEADER", CAPTURED_AT_HEADER + " must be an ISO-8601 instant",
                        Map.of("header", CAPTURED_AT_HEADER));
            }
        }
        if (idempotencyKey != null && (idempotencyKey.length() > 200 || idempotencyKey.isBlank())) {
            throw ApiException.badRequest("INVALID_HEADER", "Idempotency-Key must be 1 to 200 characters",
                    Map.of("header", IDEMPOTENCY_KEY_HEADER));
        }
        HookEvent event = factory.stamp(hook, HookEvent.Source.FORWARDER, projectDir, captured, snapshot, idempotencyKey, Instant.now());
        return publishOnce(event);
    }

    /**
     * Publishes unless the same event was published (or is being published) within the window. The publish runs on
     * its own once started: its outcome settles the claim whatever the client does (a client that disconnects
     * mid-publish cancels only its wait), so a retry of the same id never waits on a claim nobody will settle. A
     * retry that finds the publish in flight waits for its outcome with the same bound as a first send.
     */
    private Uni<Response> publishOnce(HookEvent event) {
        RecentlyPublished.Keys keys = event.idempotencyKey() == null ? RecentlyPublished.keys("event:" + event.eventId())
                : RecentlyPublished.keys("event:" + event.eventId(), "idem:" + event.idempotencyKey());
        var earlier = recent.claim(keys);
        if (earlier != null) {
            if (earlier.isDone() && !earlier.isCompletedExceptionally()) {
                duplicates.increment();
                return Uni.createFrom().item(duplicate(event));
            }
            // the earlier publish failed: this request publishes; still no outcome within the bound: 503 like a first send
            return Uni.createFrom().completionStage(earlier.copy()).ifNoItem().after(config.publishTimeout())
                    .failWith(StillInFlight::new)
                    .onItem().transform(ignored -> {
                        duplicates.increment();
                        return duplicate(event);
                    }).onFailure(failure -> !(failure instanceof StillInFlight)).recoverWithUni(failure -> publishOnce(event))
                    .onFailure().transform(failure -> unavailable(failure, event));
        }
        long start = System.nanoTime();
        // a plain future settled by the publish (subscribeAsCompletionStage's future is a contextual one: capturing and
        // restoring the CDI and Vert.x contexts on every stage cost more than the rest of the request's own work)
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        PublishDeadlines.Deadline deadline = deadlines.watch(outcome);
        outcome.whenComplete((ignored, failure) -> {
            deadline.release();
            if (failure == null) {
                recent.succeeded(keys);
                accepted.increment();
                publishLatency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            } else {
                recent.failed(failure, keys);
            }
        });
        publisher.publish(event).subscribe().with(ignored -> outcome.complete(null), outcome::completeExceptionally);
        // a copy: a client that goes away cancels the copy, never the publish
        return Uni.createFrom().completionStage(outcome.copy())
                .onItem().transform(ignored -> Response.noContent().header(EVENT_ID_HEADER, event.eventId()).build())
                .onFailure().transform(failure -> unavailable(failure, event));
    }

    private static Response duplicate(HookEvent event) {
        return Response.noContent().header(EVENT_ID_HEADER, event.eventId()).header(DUPLICATE_HEADER, "true").build();
    }

    private ApiException unavailable(Throwable failure, HookEvent event) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String why = cause instanceof TimeoutException || cause instanceof StillInFlight ? "no acknowledgement from Kafka within " + config.publishTimeout().toMillis() + " ms"
                : "Kafka refused the record";
        return new ApiException(503, "BROKER_UNAVAILABLE", why + "; nothing was published, retry later",
                Map.of(ApiException.RETRY_AFTER_SECONDS, config.retryAfterSeconds(), "eventId", event.eventId()));
    }

    private static void requireJson(String contentType) {
        if (contentType == null || !contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON)) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "this endpoint takes application/json",
                    Map.of("contentType", contentType == null ? "" : contentType));
        }
    }

    private static void checkSize(long size, int max, String what) {
        if (size > max) {
            throw new ApiException(413, "PAYLOAD_TOO_LARGE", what + " is " + size + " bytes, over the " + max + " byte limit",
                    Map.of("limitBytes", max, "sizeBytes", size));
        }
    }

    private static byte[] read(FileUpload part) {
        try {
            return Files.readAllBytes(part.uploadedFile());
        } catch (IOException e) {
            throw ApiException.badRequest("UNREADABLE_PART", "a multipart part could not be read", Map.of("part", part.name()));
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest("INVALID_UTF8", "the snapshot is not valid UTF-8 text", Map.of("part", "snapshot"));
        }
    }

    /** A retry's wait for an earlier publish of the same event ran out. */
    private static final class StillInFlight extends RuntimeException {
        StillInFlight() {
            super("the earlier publish of this event has no outcome yet", null, false, false);
        }
    }
}
