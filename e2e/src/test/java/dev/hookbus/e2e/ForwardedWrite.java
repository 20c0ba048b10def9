package dev.hookbus.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What Claude Code's Write and the plugin's forwarder do to hook-ingest: the file is written, its PostToolUse hook
 * captured, then posted multipart with the same Idempotency-Key every 200 ms (the forwarder's pause before the same
 * entry) until a 204, for up to 3 minutes; a refusal for good (4xx other than 401/408/429) ends it.
 */
final class ForwardedWrite {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One accepted write: the event id hook-ingest gave it and when its 204 arrived. */
    record Accepted(String eventId, Instant answeredAt) {
    }

    private final HttpClient http;
    private final Supplier<String> ingestUrl;
    private final String token;

    /** {@code ingestUrl} is asked each time: a restarted hook-ingest may listen elsewhere. */
    ForwardedWrite(HttpClient http, Supplier<String> ingestUrl, String token) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.token = token;
    }

    /** Writes {@code file} and posts its hook; null if it never got through. */
    Accepted send(Path file, String content, Path projectDir, String sessionId, String idempotencyKey, Instant captured) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Instant capturedAt = captured != null ? captured : Instant.now();
        String event = hook(file, content, projectDir, sessionId, "toolu_" + idempotencyKey);
        String boundary = "forwarded" + idempotencyKey;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"event\"; filename=\"event.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + event + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        AtomicReference<Accepted> accepted = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl.get() + "/v1/hooks/claude-code/forward")).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", idempotencyKey).header("X-Hookbus-Captured-At", capturedAt.toString())
                        .header("X-Hookbus-Project-Dir", projectDir.toString()).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
                HttpResponse<String> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    return false; // hook-ingest is down or restarting: the forwarder keeps the event and sends it again
                }
                int status = response.statusCode();
                if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
                    throw new IllegalStateException("hook-ingest refused a valid event for good: " + status + " " + response.body());
                }
                if (status == 204) {
                    accepted.set(new Accepted(response.headers().firstValue("X-Hookbus-Event-Id").orElseThrow(), Instant.now()));
                }
                return status == 204;
            });
        } catch (ConditionTimeoutException e) {
            return null;
        }
        return accepted.get();
    }

    /** The PostToolUse hook input Claude Code gives for a Write of {@code file}. */
    static String hook(Path file, String content, Path projectDir, String sessionId, String toolUseId) {
        return JSON.createObjectNode().put("session_id", sessionId).put("cwd", projectDir.toString()).put("hook_event_name", "PostToolUse")
                .put("tool_name", "Write").put("tool_use_id", toolUseId)
                .set("tool_input", JSON.createObjectNode().put("file_path", file.toString()).put("content", content)).toString();
    }
}
