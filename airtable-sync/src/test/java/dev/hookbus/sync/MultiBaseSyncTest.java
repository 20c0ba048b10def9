package dev.hookbus.sync;

import static dev.hookbus.sync.SyncTestSupport.publish;
import static dev.hookbus.sync.SyncTestSupport.records;
import static dev.hookbus.sync.SyncTestSupport.results;
import static dev.hookbus.sync.SyncTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.sync.budget.BaseBudgets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One deployment writing two bases: {@code m-own-base} is routed to a second base, every other marketplace stays in the
 * configured one. The expectation is written out by hand (which key belongs in which base), not derived from the routing.
 */
@QuarkusTest
@WithKafkaBroker
@WithAirtableEmulator(catalogBases = MultiBaseSyncTest.SECOND_BASE)
@TestProfile(MultiBaseSyncTest.TwoBases.class)
class MultiBaseSyncTest {
    static final String SECOND_BASE = "appHookbusSecond02";

    public static class TwoBases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a token allowing 6 requests/s across the two bases leaves each 3/s (below the 4.8 of one base)
            return Map.of("airtable.marketplace-bases", "m-own-base=" + SECOND_BASE, "airtable.token-requests-per-second", "6");
        }
    }

    AirtableEmulatorProcess emulator;

    @Inject
    BaseBudgets budgets;

    private static String agent(String name, String description) {
        return "---\nname: " + name + "\ndescription: " + description + "\n---\nYou are " + name + ".\n";
    }

    /** Sync key to Purpose (Agents) or name (Marketplaces, Plugins) of one base's table, for the keys starting with {@code prefix}. */
    private Map<String, String> keys(String baseId, String table, String nameField, String prefix) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode r : records(emulator, baseId, table)) {
            String key = r.path("fields").path("Sync Key").asText("");
            if (key.startsWith(prefix)) {
                assertThat(out.put(key, r.path("fields").path(nameField).asText())).as("a second record of " + key).isNull();
            }
        }
        return out;
    }

    @Test
    void aMarketplaceRoutedToItsOwnBaseIsWrittenThereAndNowhereElse() throws Exception {
        Instant t = Instant.parse("2026-12-03T09:00:00Z");
        publish(write("/ws/m-own-base/plugins/p/agents/a1.md", agent("a1", "first of its own base"), t),
                write("/ws/m-shared/plugins/q/agents/b1.md", agent("b1", "in the configured base"), t),
                write("/ws/m-own-base/plugins/p/agents/a2.md", agent("a2", "second of its own base"), t.plusSeconds(1)));

        Map<String, String> ownAgents = Map.of("m-own-base/p/agents/a1", "first of its own base", "m-own-base/p/agents/a2", "second of its own base");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> keys(SECOND_BASE, "Agents", "Purpose", "m-").equals(ownAgents)
                        && keys(AirtableEmulatorProcess.BASE_ID, "Agents", "Purpose", "m-").equals(Map.of("m-shared/q/agents/b1", "in the configured base")));

        assertThat(keys(SECOND_BASE, "Marketplaces", "Marketplace Name", "m-")).isEqualTo(Map.of("m-own-base", "m-own-base"));
        assertThat(keys(SECOND_BASE, "Plugins", "Name", "m-")).isEqualTo(Map.of("m-own-base/p", "p"));
        assertThat(keys(AirtableEmulatorProcess.BASE_ID, "Marketplaces", "Marketplace Name", "m-")).isEqualTo(Map.of("m-shared", "m-shared"));
        assertThat(keys(AirtableEmulatorProcess.BASE_ID, "Plugins", "Name", "m-")).isEqualTo(Map.of("m-shared/q", "q"));
        // the agent links to the plugin record of its own base
        JsonNode a1 = records(emulator, SECOND_BASE, "Agents").stream()
                .filter(r -> r.path("fields").path("Sync Key").asText().equals("m-own-base/p/agents/a1")).findFirst().orElseThrow();
        String pluginId = records(emulator, SECOND_BASE, "Plugins").stream()
                .filter(r -> r.path("fields").path("Sync Key").asText().equals("m-own-base/p")).findFirst().orElseThrow().path("id").asText();
        assertThat(a1.path("fields").path("Plugin").get(0).asText()).isEqualTo(pluginId);

        // each result names the base that holds the record
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> results("m-own-base/p/agents/").size() >= 2 && !results("m-shared/q/agents/").isEmpty());
        assertThat(results("m-own-base/p/agents/")).extracting(SyncResultEvent::baseId).containsOnly(SECOND_BASE);
        assertThat(results("m-shared/q/agents/")).extracting(SyncResultEvent::baseId).containsOnly(AirtableEmulatorProcess.BASE_ID);
        assertThat(budgets.requestsPerSecond()).isEqualTo(3.0);
    }
}
