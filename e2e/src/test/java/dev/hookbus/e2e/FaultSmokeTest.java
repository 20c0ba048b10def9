package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three faults of {@code bin/bench faults} on every build (the killed door, a killed replica, a flaky Airtable), then
 * the crafted-text row: formula, shell, HTML and log injection stored verbatim, escaped on both pages, run nowhere.
 */
class FaultSmokeTest {
    @TempDir
    Path work;

    @Test
    void noEventLostNoDuplicateNoDriftNothingDeadLetteredUnderThreeFaultsNorForCraftedText() throws Exception {
        Set<String> smoke = Set.of("SIGKILL hook-ingest", "SIGKILL 1 of 2 airtable-sync", "20 % 5xx");
        List<FaultSuite.Outcome> outcomes = new ArrayList<>();
        try (FaultSuite suite = new FaultSuite(work, System.out::println)) {
            System.out.println(FaultSuite.header());
            for (FaultSuite.Fault fault : FaultSuite.all()) {
                if (smoke.contains(fault.name())) {
                    outcomes.add(suite.run(fault, 300, 50, Duration.ofMinutes(2)));
                }
            }
            outcomes.add(suite.craftedText(Duration.ofMinutes(1)));
        }
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.passed()).as(FaultSuite.row(o)).isTrue());
    }
}
