package dev.hookbus.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A marketplace is named as Claude Code names it: its manifest's name, the directory only without one. */
class MarketplaceNamesTest {
    @TempDir
    Path tmp;

    @Test
    void theManifestNamesTheMarketplaceAndTheDirectoryNameBecomesAFormerName() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("checkout-dir/.claude-plugin")).getParent();
        MarketplaceNames names = MarketplaceNames.byDirectoryName();
        assertThat(names.nameOf(root)).isEqualTo("checkout-dir");
        assertThat(names.formerNames(root)).isEmpty();

        Files.writeString(root.resolve(".claude-plugin/marketplace.json"), "{\"name\":\"ai-dev-marketplace\",\"owner\":{\"name\":\"x\"},\"plugins\":[]}");
        assertThat(names.nameOf(root)).isEqualTo("ai-dev-marketplace");
        assertThat(names.formerNames(root)).containsExactly("checkout-dir");
        // the same name through the classifier (a hook event's path) and discovery (a disk scan)
        Path agent = root.resolve("plugins/p/agents/a.md");
        assertThat(((Classifier.Located) new Classifier(names).classify(agent)).file().syncKey()).isEqualTo("ai-dev-marketplace/p/agents/a");
    }

    @Test
    void configurationWinsAndABrokenOrUnusableManifestFallsBackToTheDirectory() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mkt/.claude-plugin")).getParent();
        Files.writeString(root.resolve(".claude-plugin/marketplace.json"), "{\"name\":\"from-manifest\"}");
        assertThat(new MarketplaceNames(Map.of(root, "configured")).nameOf(root)).isEqualTo("configured");
        assertThat(new MarketplaceNames(Map.of(root, "configured")).formerNames(root)).isEmpty();
        for (String broken : List.of("{not json", "{\"name\":\"../escape\"}", "{\"name\":\"\"}", "[]", "{\"name\":42}")) {
            Files.writeString(root.resolve(".claude-plugin/marketplace.json"), broken);
            assertThat(MarketplaceNames.byDirectoryName().nameOf(root)).as(broken).isEqualTo("mkt");
        }
    }

    @Test
    void aManifestSeenInAHookEventNamesAMarketplaceWhoseDiskIsNotHere() {
        Path elsewhere = tmp.resolve("not-on-this-machine/my-dir");
        MarketplaceNames names = MarketplaceNames.byDirectoryName();
        names.learn(elsewhere, "{\"name\":\"team-tools\"}");
        assertThat(names.nameOf(elsewhere)).isEqualTo("team-tools");
        assertThat(names.formerNames(elsewhere)).containsExactly("my-dir");
    }

    @Test
    void aRenameInTheManifestMakesTheOldNameAFormerName() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("dir/.claude-plugin")).getParent();
        Path manifest = root.resolve(".claude-plugin/marketplace.json");
        // seen on disk: the name read before the change stays a former name after it
        MarketplaceNames disk = MarketplaceNames.byDirectoryName();
        Files.writeString(manifest, "{\"name\":\"first\"}");
        assertThat(disk.nameOf(root)).isEqualTo("first");
        Files.writeString(manifest, "{\"name\":\"second\",\"owner\":{\"name\":\"someone\"}}");
        assertThat(disk.nameOf(root)).isEqualTo("second");
        assertThat(disk.formerNames(root)).containsExactlyInAnyOrder("first", "dir");

        // a process that never read the old manifest learns its name from the event's original file
        MarketplaceNames event = MarketplaceNames.byDirectoryName();
        Path elsewhere = tmp.resolve("gone/dir2");
        event.learn(elsewhere, "{\"name\":\"new-name\"}", "{\"name\":\"old-name\"}");
        assertThat(event.nameOf(elsewhere)).isEqualTo("new-name");
        assertThat(event.formerNames(elsewhere)).containsExactlyInAnyOrder("old-name", "dir2");
        // renamed back: the current name is never its own former name
        event.learn(elsewhere, "{\"name\":\"old-name\"}", "{\"name\":\"new-name\"}");
        assertThat(event.formerNames(elsewhere)).containsExactlyInAnyOrder("new-name", "dir2");
    }
}
