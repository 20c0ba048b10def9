package dev.hookbus.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lower bounds only (a budget may never hand out tokens early); no speed is asserted. */
class RateBudgetTest {

    @Test
    void tokensAreSpacedAndTheFirstComesAfterAFullSecond() throws InterruptedException {
        long start = System.nanoTime();
        RateBudget budget = RateBudget.local(5);
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            budget.acquire();
            at.add(System.nanoTime());
        }
        assertThat(at.get(0) - start).isGreaterThanOrEqualTo(Duration.ofMillis(990).toNanos());
        for (int i = 1; i < at.size(); i++) {
            assertThat(at.get(i) - at.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(195).toNanos());
        }
    }

    @Test
    void aBudgetHeldForASecondGivesNoTokenBeforeItAndIsNoPenalty() throws InterruptedException {
        LocalRateBudget budget = new LocalRateBudget(5);
        budget.acquire();
        long held = System.nanoTime();
        budget.holdOneSecond();
        assertThat(budget.isPenalized()).isFalse();
        assertThat(budget.waitEstimate()).isGreaterThan(Duration.ofMillis(500));
        budget.acquire();
        assertThat(System.nanoTime() - held).isGreaterThanOrEqualTo(Duration.ofMillis(990).toNanos());
    }

    @Test
    void aPenaltyBlocksEveryToken() throws InterruptedException {
        RateBudget budget = RateBudget.local(5);
        long start = System.nanoTime();
        budget.penalize(Duration.ofMillis(1500));
        assertThat(budget.isPenalized()).isTrue();
        budget.acquire();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(1400).toNanos());
    }

    @Test
    void aLateTakerPushesTheNextTokenBackAndWaitersKeepTheirOrder() throws Exception {
        LocalRateBudget budget = new LocalRateBudget(5);
        budget.acquire();
        long first = System.nanoTime();
        // a token handed to another process: the next one keeps 200 ms + the travel time away
        budget.acquire(Duration.ofMillis(150));
        long second = System.nanoTime();
        budget.acquire();
        long third = System.nanoTime();
        assertThat(second - first).isGreaterThanOrEqualTo(Duration.ofMillis(195).toNanos());
        assertThat(third - second).isGreaterThanOrEqualTo(Duration.ofMillis(345).toNanos());
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    budget.acquire();
                    order.add(n);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters.add(t);
            t.start();
            // each asks after the one before it is waiting
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() != Thread.State.RUNNABLE);
        }
        for (Thread t : waiters) {
            t.join(5000);
        }
        assertThat(order).containsExactly(0, 1, 2, 3);
    }

    @Test
    void moreThanAirtablesLimitIsRefused() {
        assertThatThrownBy(() -> RateBudget.local(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noSixTokensFallWithinAirtablesSecondAndAHundredMilliseconds() throws InterruptedException {
        LocalRateBudget budget = new LocalRateBudget(4.8);
        long[] at = new long[16];
        for (int i = 0; i < at.length; i++) {
            budget.acquire();
            at[i] = System.nanoTime();
        }
        for (int i = 5; i < at.length; i++) {
            assertThat((at[i] - at[i - 5]) / 1_000_000).as("token %d after token %d", i, i - 5).isGreaterThanOrEqualTo(1100);
        }
        assertThat((at[15] - at[5]) / 1_000_000).as("once going, still about 4.5/s: not slower than the window needs").isLessThan(2400);
    }

    @Test
    void theFirstRequestAfterAnIdleSpellCountsAsArrivingLater() throws InterruptedException {
        LocalRateBudget budget = new LocalRateBudget(4.8);
        long[] at = new long[6];
        for (int i = 0; i < at.length; i++) {
            budget.acquire();
            at[i] = System.nanoTime();
        }
        // a new budget is idle: its first request may reach Airtable up to 300 ms late, so the sixth keeps 1.1 s after that
        assertThat((at[5] - at[0]) / 1_000_000).as("sixth token after the first of a burst after idle").isGreaterThanOrEqualTo(1400);
        assertThat((at[4] - at[0]) / 1_000_000).as("the four behind it are not delayed").isLessThan(1100);
    }
}
