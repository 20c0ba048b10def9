package dev.hookbus.emulator.model;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every Web API request passes before it reaches the store: auth, the per-base rate limit (sliding window, then
 * a penalty during which every request fails), and injected faults.
 */
public final class RequestGate {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RequestGate.class);
    private final List<String> tokens;
    private final List<String> readOnlyTokens;
    private final Clock clock;
    private volatile RateLimitSettings rateLimit;
    private volatile Faults faults = Faults.NONE;
    private volatile Faults baseline = Faults.NONE;
    private final Map<String, BaseCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, BaseCounters> tokenCounters = new ConcurrentHashMap<>();

    /**
     * Rate limits: more than {@code maxRequests} to one base within the window → 429 and the base's penalty; more
     * than {@code tokenMaxRequests} with one token across all bases → 429 and the token's penalty (Airtable: 5 and 50
     * per second, 30 s).
     */
    public record RateLimitSettings(int maxRequests, Duration window, Duration penalty, int tokenMaxRequests) {
        public RateLimitSettings(int maxRequests, Duration window, Duration penalty) {
            this(maxRequests, window, penalty, 50);
        }
    }

    /**
     * Injected faults for every base.
     *
     * @param latency added to each request (the shortest, with {@code latencyMax})
     * @param latencyMax the longest; each request waits a uniformly drawn time between the two (jitter)
     * @param errorShare 0..1 of requests answered with one of errorStatuses
     * @param errorStatuses among 500, 502, 503
     * @param outageUntil until then every request answers 503
     */
    public record Faults(Duration latency, Duration latencyMax, double errorShare, List<Integer> errorStatuses, Instant outageUntil) {
        public static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, 0, List.of(500, 502, 503), Instant.EPOCH);

        public Faults {
            latencyMax = latencyMax == null || latencyMax.compareTo(latency) < 0 ? latency : latencyMax;
        }

        public Faults(Duration latency, double errorShare, List<Integer> errorStatuses, Instant outageUntil) {
            this(latency, latency, errorShare, errorStatuses, outageUntil);
        }

        /** Only latency (a realistic Airtable round trip, e.g. 150–400 ms). */
        public static Faults latency(Duration shortest, Duration longest) {
            return new Faults(shortest, longest, 0, NONE.errorStatuses(), Instant.EPOCH);
        }

        Duration drawLatency() {
            long low = latency.toMillis();
            long high = latencyMax.toMillis();
            return Duration.ofMillis(high > low ? ThreadLocalRandom.current().nextLong(low, high + 1) : low);
        }
    }

    /** Per-base counters (the admin API shows them). */
    public static final class BaseCounters {
        final Deque<Instant> window = new ArrayDeque<>();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong rateLimited = new AtomicLong();
        final AtomicLong faulted = new AtomicLong();
        final AtomicLong writeRequests = new AtomicLong();
        final AtomicLong recordsWritten = new AtomicLong();
        volatile Instant penaltyUntil = Instant.EPOCH;

        /** Requests that created, updated or deleted records and were answered 200. */
        public long writeRequests() {
            return writeRequests.get();
        }

        /** Records those requests carried. */
        public long recordsWritten() {
            return recordsWritten.get();
        }

        public long requests() {
            return requests.get();
        }

        public long rateLimited() {
            return rateLimited.get();
        }

        public long faulted() {
            return faulted.get();
        }

        public Instant penaltyUntil() {
            return penaltyUntil;
        }

        /** Counts a request at {@code now} in the sliding window; over {@code max}: the penalty starts (caller holds the lock). */
        boolean overLimit(Instant now, Duration window, int max, Duration penalty) {
            Instant windowStart = now.minus(window);
            while (!this.window.isEmpty() && !this.window.peekFirst().isAfter(windowStart)) {
                this.window.pollFirst();
            }
            this.window.addLast(now);
            if (this.window.size() > max) {
                // what a client's pacing looked like from here: the arrivals that filled the window, ms before this one
                LOG.warnf("429: %d requests arrived within %d ms, at -%s ms", this.window.size(), window.toMillis(),
                        this.window.stream().map(at -> String.valueOf(Duration.between(at, now).toMillis())).toList());
                penaltyUntil = now.plus(penalty);
                this.window.clear();
                rateLimited.incrementAndGet();
                return true;
            }
            return false;
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger injectedRateLimits = new java.util.concurrent.atomic.AtomicInteger();

    /** The next {@code n} admitted requests answer 429 (fault injection). */
    public void rateLimitNext(int n) {
        injectedRateLimits.set(Math.max(0, n));
    }

    public RequestGate(List<String> tokens, List<String> readOnlyTokens, RateLimitSettings rateLimit, Clock clock) {
        this.tokens = List.copyOf(tokens);
        this.readOnlyTokens = List.copyOf(readOnlyTokens);
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    /** Authentication only (no base involved). */
    public void authenticate(String authorization, boolean write) {
        String token = bearer(authorization);
        boolean full = matchesAny(token, tokens);
        boolean readOnly = !full && matchesAny(token, readOnlyTokens);
        if (!full && !readOnly) {
            throw new AirtableException(401, "AUTHENTICATION_REQUIRED", "Authentication required");
        }
        if (write && !full) {
            throw new AirtableException(403, "INVALID_PERMISSIONS", "You are not permitted to perform this operation");
        }
    }

    /** A write request to the base was answered 200 with {@code records} records: how full the clients' requests are. */
    public void wrote(String baseId, int records) {
        BaseCounters c = counters.computeIfAbsent(baseId, id -> new BaseCounters());
        c.writeRequests.incrementAndGet();
        c.recordsWritten.addAndGet(records);
    }

    /** Auth, rate limit, faults; throws the error Airtable would answer. */
    public void admit(String authorization, String baseId, boolean write, boolean baseExists) {
        authenticate(authorization, write);
        if (!baseExists) {
            throw AirtableException.notFoundModel();
        }
        BaseCounters c = counters.computeIfAbsent(baseId, id -> new BaseCounters());
        c.requests.incrementAndGet();
        Instant now = clock.instant();
        admitForToken(bearer(authorization), c, now);
        synchronized (c) {
            if (injectedRateLimits.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                c.penaltyUntil = now.plus(rateLimit.penalty());
                c.window.clear();
                c.rateLimited.incrementAndGet();
                throw rateLimited();
            }
            if (now.isBefore(c.penaltyUntil)) {
                c.rateLimited.incrementAndGet();
                throw rateLimited();
            }
            RateLimitSettings limit = rateLimit;
            if (c.overLimit(now, limit.window(), limit.maxRequests(), limit.penalty())) {
                throw rateLimited();
            }
        }
        Faults f = faults;
        if (now.isBefore(f.outageUntil())) {
            c.faulted.incrementAndGet();
            throw new AirtableException(503, "SERVICE_UNAVAILABLE", "Service Unavailable");
        }
        if (!f.latencyMax().isZero()) {
            try {
                Thread.sleep(f.drawLatency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (f.errorShare() > 0 && ThreadLocalRandom.current().nextDouble() < f.errorShare()) {
            c.faulted.incrementAndGet();
            int status = f.errorStatuses().get(ThreadLocalRandom.current().nextInt(f.errorStatuses().size()));
            throw new AirtableException(status, status == 500 ? "SERVER_ERROR" : status == 502 ? "BAD_GATEWAY" : "SERVICE_UNAVAILABLE",
                    "Injected fault");
        }
    }

    /** The token-wide window: every request of one token, whichever base it goes to. */
    private void admitForToken(String token, BaseCounters base, Instant now) {
        RateLimitSettings limit = rateLimit;
        BaseCounters t = tokenCounters.computeIfAbsent(token == null ? "" : token, k -> new BaseCounters());
        t.requests.incrementAndGet();
        synchronized (t) {
            if (now.isBefore(t.penaltyUntil)) {
                t.rateLimited.incrementAndGet();
                base.rateLimited.incrementAndGet();
                throw rateLimited();
            }
            if (t.overLimit(now, limit.window(), limit.tokenMaxRequests(), limit.penalty())) {
                base.rateLimited.incrementAndGet();
                throw rateLimited();
            }
        }
    }

    /** 429s answered because a token went over its limit across bases (the admin API shows them). */
    public long tokenRateLimited() {
        return tokenCounters.values().stream().mapToLong(BaseCounters::rateLimited).sum();
    }

    private static AirtableException rateLimited() {
        return new AirtableException(429, "RATE_LIMIT_REACHED", "Rate limit exceeded. Please try again later");
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    /** Constant-time comparison against every configured token. */
    private static boolean matchesAny(String token, List<String> candidates) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String candidate : candidates) {
            match |= MessageDigest.isEqual(given, candidate.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    public Map<String, BaseCounters> counters() {
        return counters;
    }

    public void resetCounters(String baseId) {
        if (baseId == null) {
            counters.clear();
            tokenCounters.clear();
        } else {
            counters.remove(baseId);
        }
    }

    public void setFaults(Faults faults) {
        this.faults = faults;
    }

    /** What the emulator was started with (its configured latency): what clearing the faults returns to. */
    public void setBaseline(Faults baseline) {
        this.baseline = baseline;
        this.faults = baseline;
    }

    public Faults baseline() {
        return baseline;
    }

    public Faults faults() {
        return faults;
    }

    public void setRateLimit(RateLimitSettings rateLimit) {
        this.rateLimit = rateLimit;
    }

    public RateLimitSettings rateLimit() {
        return rateLimit;
    }
}
