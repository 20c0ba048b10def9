package dev.hookbus.sync.writer;

import dev.hookbus.airtable.AirtableApiException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The writer's retry policy: 429 waits out the penalty (the client holds the base), 5xx, network and auth errors back
 * off with jitter and are tried again until they succeed; any other 4xx is thrown to the caller, which dead-letters the
 * one record it concerns.
 */
final class Retrying {
    interface Call<T> {
        T call() throws InterruptedException;
    }

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final BaseWriter.Metrics metrics;
    private volatile String lastProblem;

    Retrying(Duration initialBackoff, Duration maxBackoff, BaseWriter.Metrics metrics) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.metrics = metrics;
    }

    /** Why the last call failed and is being retried, or null once one succeeded. */
    String lastProblem() {
        return lastProblem;
    }

    <T> T untilDone(Call<T> call) throws InterruptedException {
        long backoff = initialBackoff.toMillis();
        while (true) {
            try {
                T value = call.call();
                lastProblem = null;
                return value;
            } catch (AirtableApiException e) {
                if (e.kind() == AirtableApiException.Kind.REJECTED) {
                    throw e;
                }
                lastProblem = e.getMessage();
                metrics.retry();
                if (e.kind() == AirtableApiException.Kind.RATE_LIMITED) {
                    metrics.rateLimited();
                    continue;
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
    }
}
