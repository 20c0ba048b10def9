package dev.hookbus.airtable;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A base's budget granted by its owner, the airtable-sync replica that writes the base: every request of this process
 * (the validator, the schema command) takes a token from the same budget as the writer, so together they never exceed
 * Airtable's limit and reads and writes are served in the order they ask. A 429 seen here stops the owner too. When no
 * owner answers (airtable-sync not running, or not the owner yet after a while), this process keeps to a budget of its
 * own ({@code fallback}) and says so once. With several replicas (a comma-separated list of their URLs) the permit is
 * asked of the one that answered last and, when it does not own the base (any more: a rebalance moved it), of the
 * others in turn.
 */
public final class OwnerRateBudget implements RateBudget {
    /**
     * How long replicas that answer 409 (alive, partitions not assigned yet) are waited for before a budget of this
     * process's own: a fallback beside an owner that starts writing draws 429s, and on a loaded machine a consumer group
     * can take longer than 15 s to settle.
     */
    private static final Duration OWNER_PATIENCE = Duration.ofSeconds(60);
    private static final Duration RETRY_OWNER_AFTER = Duration.ofMinutes(1);

    private final List<URI> owners;
    private volatile int current;
    private final String token;
    private final RateBudget fallback;
    private final Consumer<String> notice;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Instant ownerMissingSince;
    private volatile Instant fallingBackSince;

    /**
     * @param syncUrl airtable-sync's HTTP root, or the roots of its replicas separated by commas
     * @param token the bearer token airtable-sync requires beyond loopback, or null
     * @param fallback the budget of this process when no owner answers
     * @param notice told once when this process falls back to its own budget
     */
    public OwnerRateBudget(String syncUrl, String baseId, String token, RateBudget fallback, Consumer<String> notice) {
        List<URI> roots = new ArrayList<>();
        for (String root : syncUrl.split(",")) {
            if (!root.isBlank()) {
                roots.add(URI.create(root.strip().replaceAll("/+$", "") + "/api/budget/" + URLEncoder.encode(baseId, StandardCharsets.UTF_8) + "/"));
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no airtable-sync URL given for the base's budget");
        }
        this.owners = List.copyOf(roots);
        this.token = token == null || token.isBlank() ? null : token;
        this.fallback = fallback;
        this.notice = notice;
    }

    /**
     * The budget of a command-line process: the owner at {@code HOOKBUS_SYNC_URL} (default airtable-sync on this machine,
     * {@code HOOKBUS_SYNC_PORT}), else {@code fallbackRequestsPerSecond} of its own.
     */
    public static RateBudget forCommand(java.util.function.UnaryOperator<String> env, String baseId, double fallbackRequestsPerSecond,
            Consumer<String> notice) {
        String port = env.apply("HOOKBUS_SYNC_PORT");
        String url = env.apply("HOOKBUS_SYNC_URL");
        return new OwnerRateBudget(url != null ? url : "http://127.0.0.1:" + (port != null ? port : "8701"), baseId, env.apply("HOOKBUS_TOKEN"),
                RateBudget.local(fallbackRequestsPerSecond), message -> notice.accept(message + " of " + fallbackRequestsPerSecond + " requests/s"));
    }

    @Override
    public void acquire() throws InterruptedException {
        if (fallingBackSince != null && Instant.now().isBefore(fallingBackSince.plus(RETRY_OWNER_AFTER))) {
            fallback.acquire();
            return;
        }
        while (true) {
            // the replica that granted the last permit first, then the others
            boolean someReplicaAnswered = false;
            int status = -1;
            for (int i = 0; i < owners.size(); i++) {
                int candidate = (current + i) % owners.size();
                status = call(owners.get(candidate).resolve("permit"), Duration.ofSeconds(75));
                if (status == 200) {
                    current = candidate;
                    ownerMissingSince = null;
                    fallingBackSince = null;
                    return;
                }
                someReplicaAnswered |= status == 409;
            }
            // 409: a replica that does not own the base (yet: partitions are being assigned); anything else: no owner
            Instant since = ownerMissingSince == null ? Instant.now() : ownerMissingSince;
            ownerMissingSince = since;
            if (!someReplicaAnswered || Instant.now().isAfter(since.plus(OWNER_PATIENCE))) {
                if (fallingBackSince == null) {
                    notice.accept("no airtable-sync owns the base at " + owners.stream().map(URI::getAuthority).collect(Collectors.joining(", "))
                            + " (" + (someReplicaAnswered ? "HTTP 409 NOT_OWNER" : status < 0 ? "not reachable" : "HTTP " + status)
                            + "): keeping to this process's own budget");
                }
                fallingBackSince = Instant.now();
                fallback.acquire();
                return;
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void penalize(Duration penalty) {
        fallback.penalize(penalty);
        if (fallingBackSince == null) {
            try {
                call(owners.get(current).resolve("penalty?seconds=" + Math.max(1, penalty.toSeconds())), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isPenalized() {
        return fallback.isPenalized();
    }

    @Override
    public Duration waitEstimate() {
        return fallback.waitEstimate();
    }

    /** The status of a POST to the owner, or -1 when nothing answers. */
    private int call(URI uri, Duration timeout) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
