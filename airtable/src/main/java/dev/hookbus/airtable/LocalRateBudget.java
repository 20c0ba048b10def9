package dev.hookbus.airtable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request budget for one base in this process: tokens at least {@code 1/requestsPerSecond} apart, measured from
 * the moment each one is actually taken (a thread that wakes late pushes the next token back, so a late request and
 * the one after it never arrive closer together than the spacing). Waiters are served in the order they asked (a fair
 * lock). It starts empty: a new owner of a base waits one full second before its first request, so the previous
 * owner's requests have left Airtable's window. Airtable counts requests in a sliding second, so beyond the spacing no
 * token comes sooner than {@link #WINDOW} after the {@value #PER_WINDOW}th latest arrival before it: the 100 ms over
 * the second absorb the jitter of requests on their way (a spacing of 208 ms alone left 40 ms for five of them). Each
 * token counts at the latest moment its request may reach Airtable (later than it is taken for a token handed to
 * another process), so a late arrival delays only the tokens whose window it could share. A 429
 * {@link #penalize(Duration) penalizes} it: no request for the whole penalty. Shared by every thread that calls the base.
 */
public final class LocalRateBudget implements RateBudget {
    /** How often a waiter looks again for a penalty that arrived while it waited. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Airtable's requests per base per second. */
    static final int PER_WINDOW = 5;
    /** Airtable's second plus the margin for requests that travel unevenly. */
    static final Duration WINDOW = Duration.ofMillis(1100);

    /**
     * A budget unused this long is idle: the first request after it (after a rebalance's hold, at startup, after a
     * quiet spell) was seen reaching Airtable 170–300 ms after its token while the process was busy taking over
     * partitions, and the four quick ones behind it then shared its second (a 429 in SyncProcessesIT). Its place in
     * the window counts {@link #FIRST_AFTER_IDLE_TRAVEL_NANOS} later, which delays only the sixth token of a burst.
     */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_AFTER_IDLE_TRAVEL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    /**
     * Tokens remembered: every one whose latest arrival can still fall within a window of the next token (taken at
     * least 200 ms apart, a remote one counted up to {@code travel} late: 8 within 1.6 s; two to spare).
     */
    private static final int REMEMBERED = 10;

    private final long intervalNanos;
    private final long windowNanos = WINDOW.toNanos();
    // the latest moment each of the last REMEMBERED tokens' requests may reach Airtable; arrivals[next] is the oldest token's
    private final long[] arrivals = new long[REMEMBERED];
    private int next;
    private long lastTakenNanos;
    private final ReentrantLock turn = new ReentrantLock(true);
    private volatile long nextFreeNanos;
    private volatile long blockedUntilNanos;
    private volatile long heldUntilNanos;

    public LocalRateBudget(double requestsPerSecond) {
        if (requestsPerSecond <= 0 || requestsPerSecond > 5) {
            throw new IllegalArgumentException("a base allows at most 5 requests/s; got " + requestsPerSecond);
        }
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / requestsPerSecond);
        this.nextFreeNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        this.blockedUntilNanos = System.nanoTime();
        java.util.Arrays.fill(arrivals, System.nanoTime() - windowNanos);
        this.lastTakenNanos = System.nanoTime() - IDLE_NANOS - 1;
    }

    @Override
    public void acquire() throws InterruptedException {
        acquire(Duration.ZERO);
    }

    /**
     * Waits for the next token, counted in Airtable's window {@code travel} after it is taken: a token handed to another
     * process reaches Airtable later than it is granted (the answer and its request travel). Only the window sees the
     * travel; the spacing to the next token does not (pushing it by the travel cost every remote grant 500 ms of the
     * base's time: a validator pass's reads took a third of a burst's writes).
     */
    public void acquire(Duration travel) throws InterruptedException {
        turn.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                long at = nextTokenAt();
                if (now - at >= 0) {
                    long windowTravel = now - lastTakenNanos > IDLE_NANOS ? Math.max(travel.toNanos(), FIRST_AFTER_IDLE_TRAVEL_NANOS)
                            : travel.toNanos();
                    nextFreeNanos = now + intervalNanos;
                    lastTakenNanos = now;
                    arrivals[next] = now + windowTravel;
                    next = (next + 1) % REMEMBERED;
                    return;
                }
                LockSupport.parkNanos(Math.min(at - now, RECHECK_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            turn.unlock();
        }
    }

    @Override
    public Duration waitEstimate() {
        return Duration.ofNanos(Math.max(0, nextTokenAt() - System.nanoTime()));
    }

    /** When the next token may be taken: after the spacing, any penalty, any hold, and a window after the fifth latest arrival. */
    private long nextTokenAt() {
        return Math.max(Math.max(Math.max(nextFreeNanos, blockedUntilNanos), heldUntilNanos), fifthLatestArrival() + windowNanos);
    }

    /** With five arrivals at or after it, a sixth must keep a window away (called under the lock or racing harmlessly for an estimate). */
    private long fifthLatestArrival() {
        long[] sorted = arrivals.clone();
        java.util.Arrays.sort(sorted);
        return sorted[REMEMBERED - PER_WINDOW];
    }

    /**
     * No token for a second from now, keeping what this process already sent: when the process takes the base from
     * another owner, that owner's last requests leave Airtable's window first. Everything in the process that calls
     * the base keeps holding this one budget (a fresh one beside it would not see their tokens).
     */
    public void holdOneSecond() {
        heldUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public synchronized void penalize(Duration penalty) {
        blockedUntilNanos = Math.max(blockedUntilNanos, System.nanoTime() + penalty.toNanos());
    }

    @Override
    public boolean isPenalized() {
        return blockedUntilNanos - System.nanoTime() > 0;
    }
}
