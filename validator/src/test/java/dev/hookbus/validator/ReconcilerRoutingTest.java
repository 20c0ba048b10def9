package dev.hookbus.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.validator.reconcile.Finding;
import dev.hookbus.validator.reconcile.Reconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One root holding two marketplaces, one of them routed to another base (airtable-sync's AIRTABLE_MARKETPLACE_BASES):
 * the pass over the configured base must not take the other base's marketplace for missing here (its repairs would
 * write it into the wrong base). The expected findings are written out by hand.
 */
class ReconcilerRoutingTest {
    @TempDir
    static Path tmp;
    static AirtableEmulatorProcess emulator;
    static AirtableClient client;

    @BeforeAll
    static void start() throws Exception {
        emulator = new AirtableEmulatorProcess(tmp.resolve("emulator"), Duration.ofSeconds(30)).start();
        client = new AirtableClient(emulator.apiUrl(), () -> AirtableEmulatorProcess.TOKEN, Duration.ofSeconds(30), Duration.ofSeconds(30));
        for (String marketplace : List.of("mine", "theirs")) {
            Path agent = tmp.resolve("ws/" + marketplace + "/plugins/p/agents/a.md");
            Files.createDirectories(agent.getParent());
            Files.writeString(agent, "---\nname: a\ndescription: an agent of " + marketplace + "\n---\n");
        }
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static Map<String, String> findings(Reconciler reconciler) throws Exception {
        Map<String, String> byKey = new TreeMap<>();
        for (Finding f : reconciler.check(List.of(tmp.resolve("ws"))).findings()) {
            byKey.put(f.syncKey(), f.state().name());
        }
        return byKey;
    }

    @Test
    void aMarketplaceRoutedToAnotherBaseIsNotCheckedAgainstThisOne() throws Exception {
        Reconciler routed = new Reconciler(client, RateBudget.local(2), FieldMapping.defaults(), MarketplaceNames.byDirectoryName(),
                AirtableEmulatorProcess.BASE_ID, BaseRouting.parse(AirtableEmulatorProcess.BASE_ID, "theirs=appTheirs01"));
        assertThat(findings(routed)).isEqualTo(Map.of("mine", "MISSING", "mine/p", "MISSING", "mine/p/agents/a", "MISSING"));
    }

    @Test
    void withoutRoutingEveryMarketplaceUnderTheRootsBelongsToTheBase() throws Exception {
        Reconciler unrouted = new Reconciler(client, RateBudget.local(2), FieldMapping.defaults(), MarketplaceNames.byDirectoryName(),
                AirtableEmulatorProcess.BASE_ID);
        assertThat(findings(unrouted)).isEqualTo(Map.of("mine", "MISSING", "mine/p", "MISSING", "mine/p/agents/a", "MISSING",
                "theirs", "MISSING", "theirs/p", "MISSING", "theirs/p/agents/a", "MISSING"));
    }
}
