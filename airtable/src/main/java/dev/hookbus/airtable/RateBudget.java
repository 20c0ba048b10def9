package dev.hookbus.airtable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The request budget for one base in this process: evenly spaced tokens ({@code requestsPerSecond}), so no
 * 1-second window ever holds more than that many requests from here. It starts empty: a new owner of a base waits one
 * full second before its first request, so the previous owner's requests have left Airtable's window. A 429
 * {@link #penalize(Duration) penalizes} it: no request for the whole penalty. Shared by every thread that calls the
 * base.
 */
public final class RateBudget {
    private final long intervalNanos;
    private long nextFreeNanos;
    private long blockedUntilNanos;

    public RateBudget(double requestsPerSecond) {
        if (requestsPerSecond <= 0 || requestsPerSecond > 5) {
            throw new IllegalArgumentException("a base allows at most 5 requests/s; got " + requestsPerSecond);
        }
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / requestsPerSecond);
        this.nextFreeNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    }

    /** Waits for the next token. */
    public void acquire() throws InterruptedException {
        long wait = reserve();
        while (wait > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            wait = reserveAfterWait();
        }
    }

    private synchronized long reserve() {
        long now = System.nanoTime();
        long slot = Math.max(Math.max(now, nextFreeNanos), blockedUntilNanos);
        nextFreeNanos = slot + intervalNanos;
        return slot - now;
    }

    private synchronized long reserveAfterWait() {
        // a penalty may have arrived while we waited for our slot
        long now = System.nanoTime();
        if (blockedUntilNanos > now) {
            long slot = Math.max(blockedUntilNanos, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
            return slot - now;
        }
        return 0;
    }

    /** How long until the next token would be free (for status reports). */
    public synchronized Duration waitEstimate() {
        long now = System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.max(nextFreeNanos, blockedUntilNanos) - now));
    }

    /** After a 429: no request for {@code penalty}. */
    public synchronized void penalize(Duration penalty) {
        blockedUntilNanos = Math.max(blockedUntilNanos, System.nanoTime() + penalty.toNanos());
    }

    public synchronized boolean isPenalized() {
        return blockedUntilNanos > System.nanoTime();
    }
}
