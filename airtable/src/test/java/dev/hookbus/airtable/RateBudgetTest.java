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
        RateBudget budget = new RateBudget(5);
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
    void aPenaltyBlocksEveryToken() throws InterruptedException {
        RateBudget budget = new RateBudget(5);
        budget.penalize(Duration.ofMillis(1500));
        assertThat(budget.isPenalized()).isTrue();
        long start = System.nanoTime();
        budget.acquire();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(1400).toNanos());
    }

    @Test
    void moreThanAirtablesLimitIsRefused() {
        assertThatThrownBy(() -> new RateBudget(6)).isInstanceOf(IllegalArgumentException.class);
    }
}
