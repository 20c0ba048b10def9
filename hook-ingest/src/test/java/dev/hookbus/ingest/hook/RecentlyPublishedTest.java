package dev.hookbus.ingest.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecentlyPublishedTest {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void aRepeatWithinTheWindowIsAcknowledgedAndAfterItPublishesAgain() {
        RecentlyPublished recent = new RecentlyPublished(Duration.ofMinutes(15), 100, clock);
        assertThat(recent.claim("event:a")).isNull();
        recent.succeeded("event:a");
        assertThat(recent.claim("event:a")).isCompleted();
        clock.millis += Duration.ofMinutes(15).toMillis() + 1;
        assertThat(recent.claim("event:a")).as("window over: publish again").isNull();
    }

    @Test
    void aRepeatWhileThePublishIsInFlightSharesItsOutcomeAndAFailureIsForgotten() {
        RecentlyPublished recent = new RecentlyPublished(Duration.ofMinutes(15), 100, clock);
        assertThat(recent.claim("event:b", "idem:k")).isNull();
        CompletableFuture<Void> byEvent = recent.claim("event:b");
        CompletableFuture<Void> byKey = recent.claim("event:other", "idem:k");
        assertThat(byEvent).isNotDone();
        assertThat(byKey).isSameAs(byEvent);
        recent.failed(new IllegalStateException("broker down"), "event:b", "idem:k");
        assertThat(byEvent).isCompletedExceptionally();
        assertThat(recent.claim("event:other")).as("a refused claim holds nothing").isNull();
        assertThat(recent.claim("event:b", "idem:k")).as("after a failure the retry publishes").isNull();
        recent.succeeded("event:b", "idem:k");
        assertThat(recent.claim("idem:k")).isCompleted();
    }

    @Test
    void theOldestAreForgottenFirstWhenFull() {
        RecentlyPublished recent = new RecentlyPublished(Duration.ofMinutes(15), 3, clock);
        for (String key : new String[] {"1", "2", "3", "4"}) {
            assertThat(recent.claim(key)).isNull();
            recent.succeeded(key);
        }
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.claim("2")).isCompleted();
        assertThat(recent.claim("4")).isCompleted();
        assertThat(recent.claim("1")).as("evicted").isNull();
    }

    /** Many keys through a small window, against a plain map as the model (exercises wrap-around and deletion). */
    @Test
    void behavesLikeABoundedTimedMap() {
        int capacity = 37;
        RecentlyPublished recent = new RecentlyPublished(Duration.ofMillis(500), capacity, clock);
        LinkedHashMap<String, Long> model = new LinkedHashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 20_000; step++) {
            clock.millis += random.nextInt(20);
            String key = "k" + random.nextInt(120);
            model.values().removeIf(expires -> expires < clock.millis);
            boolean expected = model.containsKey(key);
            CompletableFuture<Void> earlier = recent.claim(key);
            assertThat(earlier != null).as("step %d key %s", step, key).isEqualTo(expected);
            if (earlier == null) {
                recent.succeeded(key);
                model.put(key, clock.millis + 500);
                while (model.size() > capacity) {
                    Map.Entry<String, Long> oldest = model.entrySet().iterator().next();
                    model.remove(oldest.getKey());
                }
            }
        }
    }

    @Test
    void anEventKeyIsItsUuidAndOnlyTheCanonicalSpellingIsTakenForIt() {
        String id = "0b7c2a52-5d3e-3f4a-9c1d-2e3f4a5b6c7d";
        assertThat(RecentlyPublished.fingerprint("event:" + id)).isEqualTo(RecentlyPublished.fingerprint("event:" + id));
        assertThat(RecentlyPublished.fingerprint("event:" + id.toUpperCase())).as("another spelling is another key")
                .isNotEqualTo(RecentlyPublished.fingerprint("event:" + id));
        assertThat(RecentlyPublished.fingerprint("idem:" + id)).isNotEqualTo(RecentlyPublished.fingerprint("event:" + id));
        assertThat(RecentlyPublished.fingerprint("event:not-a-uuid")).isNotEqualTo(RecentlyPublished.fingerprint("event:not-a-uuiD"));
        RecentlyPublished recent = new RecentlyPublished(Duration.ofMinutes(1), 10, clock);
        assertThat(recent.claim("event:" + id)).isNull();
        recent.succeeded("event:" + id);
        assertThat(recent.claim("event:" + id)).isCompleted();
        assertThat(recent.claim("event:" + id.toUpperCase())).as("not the same event id").isNull();
    }
}
