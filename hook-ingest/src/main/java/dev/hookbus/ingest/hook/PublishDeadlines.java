package dev.hookbus.ingest.hook;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One timer for every publish in flight instead of one per request: a publish not settled within the bound is failed
 * with {@code timeout}. The bound is the same for all, so deadlines come in arrival order and a FIFO queue, checked
 * every {@code tick}, finds the expired ones at its head. A settled publish is released at once (only an empty
 * 24-byte entry waits for its turn), so nothing of a request outlives its reply.
 */
public final class PublishDeadlines implements AutoCloseable {
    private final ConcurrentLinkedQueue<Deadline> pending = new ConcurrentLinkedQueue<>();
    private final long boundNanos;
    private final Supplier<? extends Throwable> timeout;
    private final ScheduledExecutorService ticker;

    public PublishDeadlines(Duration bound, Duration tick, Supplier<? extends Throwable> timeout) {
        this.boundNanos = bound.toNanos();
        this.timeout = timeout;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hook-ingest-publish-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> expire(System.nanoTime()), tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Watches {@code outcome}; call {@link Deadline#release()} once it is settled. */
    public Deadline watch(CompletableFuture<?> outcome) {
        Deadline deadline = new Deadline(System.nanoTime() + boundNanos, outcome);
        pending.add(deadline);
        return deadline;
    }

    /** Fails every watched publish whose deadline is at or before {@code now}; drops settled ones at the head. */
    void expire(long now) {
        Deadline head;
        while ((head = pending.peek()) != null) {
            CompletableFuture<?> outcome = head.outcome;
            if (outcome != null && !outcome.isDone() && head.at - now > 0) {
                return;
            }
            pending.poll();
            if (outcome != null && !outcome.isDone()) {
                outcome.completeExceptionally(timeout.get());
            }
        }
    }

    /** Entries still queued (settled or not): for tests. */
    int queued() {
        return pending.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    /** One publish's deadline. */
    public static final class Deadline {
        private final long at;
        private volatile CompletableFuture<?> outcome;

        private Deadline(long at, CompletableFuture<?> outcome) {
            this.at = at;
            this.outcome = outcome;
        }

        /** The publish is settled: let go of it. */
        public void release() {
            outcome = null;
        }
    }
}
