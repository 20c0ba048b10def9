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
 * token comes sooner than {@link #WINDOW} after the one {@value #PER_WINDOW} tokens before it: the 100 ms over the
 * second absorb the jitter of requests on their way (a spacing of 208 ms alone left 40 ms for five of them). A 429
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

    private final long intervalNanos;
    private final long windowNanos = WINDOW.toNanos();
    // when each of the last PER_WINDOW tokens was taken; taken[next] is the oldest
    private final long[] taken = new long[PER_WINDOW];
    private int next;
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
        java.util.Arrays.fill(taken, System.nanoTime() - windowNanos);
    }

    @Override
    public void acquire() throws InterruptedException {
        acquire(Duration.ZERO);
    }

    /**
     * Waits for the next token and keeps the one after it {@code travel} further away: a token handed to another
     * process reaches Airtable later than it is granted (the answer and its request travel), so the request after it
     * must not follow too closely.
     */
    public void acquire(Duration travel) throws InterruptedException {
        turn.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                long at = nextTokenAt();
                if (now - at >= 0) {
                    long previous = taken[(next + PER_WINDOW - 1) % PER_WINDOW];
                    long windowTravel = now - previous > IDLE_NANOS ? Math.max(travel.toNanos(), FIRST_AFTER_IDLE_TRAVEL_NANOS) : travel.toNanos();
                    nextFreeNanos = now + intervalNanos + travel.toNanos();
                    taken[next] = now + windowTravel;
                    next = (next + 1) % PER_WINDOW;
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

    /** When the next token may be taken: after the spacing, any penalty, any hold, and a window after the fifth before. */
    private long nextTokenAt() {
        return Math.max(Math.max(Math.max(nextFreeNanos, blockedUntilNanos), heldUntilNanos), taken[next] + windowNanos);
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
