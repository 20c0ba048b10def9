package dev.hookbus.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.catalog.Discovery;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.events.ComponentRepairEvent;
import dev.hookbus.events.ReconcileReportEvent.State;
import dev.hookbus.validator.reconcile.Finding;
import dev.hookbus.validator.reconcile.RepairPlanner;
import dev.hookbus.validator.reconcile.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairPlannerTest {
    @TempDir
    Path tmp;

    @Test
    void resyncSelectsAKeyAPluginOrEverythingAndCarriesFullSnapshots() throws Exception {
        for (String f : List.of("plugins/a/agents/x.md", "plugins/a/agents/y.md", "plugins/b/agents/z.md")) {
            Path file = tmp.resolve("mkt").resolve(f);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "---\nname: n\ndescription: " + f + "\n---\n");
        }
        Discovery.Result found = new Discovery(MarketplaceNames.byDirectoryName()).discover(tmp);
        List<Finding> findings = new ArrayList<>();
        for (Discovery.FoundFile file : found.files()) {
            findings.add(new Finding(State.SYNCED, file.components().get(0).syncKey(), "Agents", file, List.of("rec1"), null, false, null, List.of()));
        }
        findings.add(new Finding(State.ORPHANED, "mkt/a/agents/gone", "Agents", null, List.of("rec9"), null, false, null, List.of()));
        Report report = new Report("appX", List.of(tmp.toString()), Instant.now(), Instant.now(), findings);

        assertThat(RepairPlanner.resync(report, "all")).hasSize(3).allMatch(r -> r.action() == ComponentRepairEvent.Action.UPSERT);
        assertThat(RepairPlanner.resync(report, "mkt/a")).extracting(ComponentRepairEvent::syncKey)
                .containsExactlyInAnyOrder("mkt/a/agents/x", "mkt/a/agents/y");
        List<ComponentRepairEvent> one = RepairPlanner.resync(report, "mkt/b/agents/z");
        assertThat(one).singleElement().satisfies(r -> {
            assertThat(r.snapshot().path()).isEqualTo("plugins/b/agents/z.md");
            assertThat(r.snapshot().content()).contains("description: plugins/b/agents/z.md");
            assertThat(r.marketplace()).isEqualTo("mkt");
        });
        // synced components are left alone by the normal plan; resync is what forces them
        assertThat(RepairPlanner.plan(report, false)).extracting(ComponentRepairEvent::action).containsExactly(ComponentRepairEvent.Action.MARK_ORPHANED);
    }
}
