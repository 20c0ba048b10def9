package dev.hookbus.ingest.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class PublishDeadlinesTest {

    @Test
    void anUnsettledPublishFailsAtItsDeadlineASettledOneIsLetGoAndALaterOneWaits() {
        try (PublishDeadlines deadlines = new PublishDeadlines(Duration.ofSeconds(2), Duration.ofHours(1), IllegalStateException::new)) {
            long start = System.nanoTime();
            CompletableFuture<Void> settled = new CompletableFuture<>();
            deadlines.watch(settled).release();
            settled.complete(null);
            CompletableFuture<Void> stuck = new CompletableFuture<>();
            deadlines.watch(stuck);
            CompletableFuture<Void> later = new CompletableFuture<>();
            deadlines.watch(later);

            deadlines.expire(start + TimeUnit.MILLISECONDS.toNanos(1_000));
            assertThat(stuck).as("not due yet").isNotDone();
            assertThat(deadlines.queued()).as("the settled head is dropped").isEqualTo(2);

            deadlines.expire(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000));
            assertThat(stuck).isCompletedExceptionally();
            assertThat(later).isCompletedExceptionally();
            assertThat(deadlines.queued()).isZero();
        }
    }

    @Test
    void theTickerFailsThemWithoutBeingAsked() {
        try (PublishDeadlines deadlines = new PublishDeadlines(Duration.ofMillis(50), Duration.ofMillis(10), IllegalStateException::new)) {
            CompletableFuture<Void> stuck = new CompletableFuture<>();
            deadlines.watch(stuck);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(stuck::isCompletedExceptionally);
        }
    }
}
