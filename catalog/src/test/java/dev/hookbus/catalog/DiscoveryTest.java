package dev.hookbus.catalog;

import static dev.hookbus.catalog.FixtureMarketplace.MP;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

    @TempDir
    Path tmp;

    Path root;
    Discovery.Result result;
    Map<String, Component> byKey;

    @BeforeEach
    void discover() throws IOException {
        root = FixtureMarketplace.create(tmp.resolve("workspace"));
        result = new Discovery(MarketplaceNames.byDirectoryName()).discover(tmp.resolve("workspace"));
        byKey = result.components().stream().collect(Collectors.toMap(Component::syncKey, Function.identity()));
    }

    @Test
    void findsTheMarketplaceItsThreePluginsAndEveryComponent() throws IOException {
        assertThat(result.marketplaceRoots()).containsExactly(root.toRealPath());
        assertThat(byKey.keySet()).contains(MP, MP + "/alpha", MP + "/beta", MP + "/gamma",
                MP + "/alpha/agents/code-reviewer", MP + "/alpha/agents/listed-tools", MP + "/alpha/commands/deploy",
                MP + "/alpha/commands/pick", MP + "/alpha/skills/pdf-tools", MP + "/beta/commands/batch",
                MP + "/beta/agents/windows", MP + "/beta/agents/tabbed", MP + "/beta/agents/unclosed",
                MP + "/beta/skills/plain", MP + "/gamma/commands/empty-front", MP + "/gamma/hooks/hooks.json",
                MP + "/gamma/agents/huge");
        assertThat(byKey.keySet()).noneMatch(k -> k.contains("README") || k.contains("notes"));
        assertThat(result.components().stream().filter(c -> c.kind() == ComponentKind.HOOK && !c.isInvalid())).hasSize(3);
    }

    @Test
    void marketplaceAndPluginsComeFromTheirManifestsOrTheirKeys() {
        assertThat(byKey.get(MP).fields()).containsEntry("name", MP).containsEntry("description", "Acme's plugins")
                .containsEntry("path", ".");
        assertThat(byKey.get(MP + "/alpha").fields()).containsEntry("name", "alpha").containsEntry("description", "Alpha tools")
                .containsEntry("version", "1.2.0").containsEntry("path", "plugins/alpha");
        Component beta = byKey.get(MP + "/beta");
        assertThat(beta.isInvalid()).isFalse();
        assertThat(beta.fields()).containsEntry("name", "beta").doesNotContainKey("description");
        assertThat(beta.warnings()).extracting(ParseWarning::code).containsExactly("NOT_JSON");
        assertThat(byKey.get(MP + "/gamma").fields()).isEqualTo(Map.of("name", "gamma", "path", "plugins/gamma"));
    }

    @Test
    void agentsFieldByField() {
        Component reviewer = byKey.get(MP + "/alpha/agents/code-reviewer");
        // the key uses the file stem, the name field what the frontmatter says
        assertThat(reviewer.name()).isEqualTo("code-reviewer");
        assertThat(reviewer.fields()).isEqualTo(Map.of("name", "reviewer", "description", "Reviews code for bugs",
                "path", "plugins/alpha/agents/code-reviewer.md", "model", "sonnet", "color", "blue", "tools", "Read, Grep, Glob"));
        assertThat(reviewer.warnings()).isEmpty();

        assertThat(byKey.get(MP + "/alpha/agents/listed-tools").fields()).containsEntry("description", "Quoted: with a colon")
                .containsEntry("tools", "Read, Bash").containsEntry("color", "magenta");

        Component windows = byKey.get(MP + "/beta/agents/windows");
        assertThat(windows.fields()).containsEntry("name", "windows").containsEntry("description", "Written on Windows")
                .containsEntry("model", "haiku");
        assertThat(windows.warnings()).isEmpty();

        Component tabbed = byKey.get(MP + "/beta/agents/tabbed");
        assertThat(tabbed.fields()).containsEntry("name", "tabbed").containsEntry("description", "Uses tabs after a key")
                .containsEntry("color", "red");
        assertThat(tabbed.warnings()).extracting(ParseWarning::code).contains("NOT_YAML");
        assertThat(tabbed.isInvalid()).isFalse();

        Component unclosed = byKey.get(MP + "/beta/agents/unclosed");
        assertThat(unclosed.fields()).containsEntry("name", "unclosed").containsEntry("description", "Never closed")
                .containsEntry("model", "opus");
        assertThat(unclosed.warnings()).extracting(ParseWarning::code).containsExactly("NO_CLOSING_DELIMITER");
    }

    @Test
    void commandsKeepArgumentHintsVerbatim() {
        assertThat(byKey.get(MP + "/alpha/commands/deploy").fields()).isEqualTo(Map.of("name", "deploy", "description",
                "Deploy the thing", "path", "plugins/alpha/commands/deploy.md", "argument-hint", "[--batch] [--scheduled]",
                "allowed-tools", "Bash(git:*), Read"));
        assertThat(byKey.get(MP + "/alpha/commands/pick").field("argument-hint")).isEqualTo("[x]");
        Component batch = byKey.get(MP + "/beta/commands/batch");
        assertThat(batch.field("argument-hint")).isEqualTo("[a,b,...] (e.g., x)");
        assertThat(batch.field("description")).isEqualTo("Run batches");
        assertThat(batch.field("allowed-tools")).isEqualTo("Bash, Read");
        assertThat(batch.warnings()).extracting(ParseWarning::code).containsExactly("NOT_YAML");
        assertThat(byKey.get(MP + "/gamma/commands/empty-front").field("description")).isEqualTo("First line is the description.");
    }

    @Test
    void skillsTakeTheirNameFromFrontmatterOrDirectory() {
        Component pdf = byKey.get(MP + "/alpha/skills/pdf-tools");
        assertThat(pdf.fields()).isEqualTo(Map.of("name", "pdf", "description", "Work with PDF files.\nExtract text.",
                "path", "plugins/alpha/skills/pdf-tools", "allowed-tools", "Read, Write"));
        Component plain = byKey.get(MP + "/beta/skills/plain");
        assertThat(plain.fields()).containsEntry("name", "plain").containsEntry("description", "Plain skill");
        assertThat(plain.isInvalid()).isFalse();
    }

    @Test
    void hooksAreOneComponentPerHandler() {
        List<Component> hooks = result.components().stream()
                .filter(c -> c.kind() == ComponentKind.HOOK && c.plugin().equals("alpha")).toList();
        assertThat(hooks).extracting(Component::name).containsExactly(
                "PostToolUse:Write|Edit:" + ContentHash.sha256("${CLAUDE_PLUGIN_ROOT}/fmt.sh").substring(0, 8),
                "PostToolUse:Write|Edit:" + ContentHash.sha256("echo done").substring(0, 8),
                "SessionStart:*:" + ContentHash.sha256("echo hi").substring(0, 8));
        assertThat(hooks.get(0).fields()).containsEntry("event", "PostToolUse").containsEntry("matcher", "Write|Edit")
                .containsEntry("type", "command").containsEntry("command", "${CLAUDE_PLUGIN_ROOT}/fmt.sh")
                .containsEntry("timeout", "30").containsEntry("path", "plugins/alpha/hooks/hooks.json");
        assertThat(hooks.get(2).fields()).containsEntry("matcher", "*").doesNotContainKey("timeout");
    }

    @Test
    void invalidOnlyWhenNothingCanBeProduced() {
        List<Component> invalid = result.components().stream().filter(Component::isInvalid).toList();
        assertThat(invalid).extracting(Component::syncKey)
                .containsExactlyInAnyOrder(MP + "/gamma/hooks/hooks.json", MP + "/gamma/agents/huge");
        assertThat(byKey.get(MP + "/gamma/hooks/hooks.json").invalidReason()).startsWith("hooks.json is not valid JSON");
        assertThat(byKey.get(MP + "/gamma/agents/huge").invalidReason()).contains("over the 1 MiB limit");
    }

    @Test
    void classifyAgreesWithDiscoverForEveryFile() {
        Classifier classifier = new Classifier(MarketplaceNames.byDirectoryName());
        assertThat(result.files()).hasSizeGreaterThan(15);
        for (Discovery.FoundFile found : result.files()) {
            Classifier.Classification c = classifier.classify(found.absolutePath());
            assertThat(c).as(found.absolutePath().toString()).isInstanceOf(Classifier.Located.class);
            assertThat(((Classifier.Located) c).file()).isEqualTo(found.file());
        }
    }

    @Test
    void symlinksOutOfTheRootAreNotFollowed() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.md"), "---\nname: secret\ndescription: outside\n---\n");
        Files.createSymbolicLink(root.resolve("plugins/alpha/agents/secret.md"), outside.resolve("secret.md"));
        Files.createSymbolicLink(root.resolve("plugins/alpha/agents/inside.md"), root.resolve("plugins/alpha/agents/code-reviewer.md"));
        Discovery.Result again = new Discovery(MarketplaceNames.byDirectoryName()).discover(tmp.resolve("workspace"));
        assertThat(again.components()).extracting(Component::syncKey).doesNotContain(MP + "/alpha/agents/secret")
                .contains(MP + "/alpha/agents/inside");
        assertThat(again.skipped()).anyMatch(s -> s.contains("secret.md") && s.contains("symlink out of the root"));
    }

    @Test
    void configuredNamesOverrideTheDirectoryName() throws IOException {
        Discovery.Result named = new Discovery(new MarketplaceNames(Map.of(root, "renamed"))).discover(tmp.resolve("workspace"));
        assertThat(named.components()).extracting(Component::syncKey).contains("renamed", "renamed/alpha/agents/code-reviewer");
    }
}
