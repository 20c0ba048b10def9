package dev.hookbus.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private final Classifier classifier = new Classifier(MarketplaceNames.byDirectoryName());

    private static ComponentFile located(Classifier.Classification c) {
        assertThat(c).isInstanceOf(Classifier.Located.class);
        return ((Classifier.Located) c).file();
    }

    @Test
    void everyLayoutIsRecognised() {
        ComponentFile agent = located(classifier.classify(Path.of("/home/u/mkt/plugins/p1/agents/a-b.md")));
        assertThat(agent).isEqualTo(new ComponentFile(ComponentFile.Role.AGENT, "mkt", "p1", "a-b", "plugins/p1/agents/a-b.md"));
        assertThat(agent.syncKey()).isEqualTo("mkt/p1/agents/a-b");
        assertThat(located(classifier.classify(Path.of("/m/plugins/p/commands/c.md"))).syncKey()).isEqualTo("m/p/commands/c");
        assertThat(located(classifier.classify(Path.of("/m/plugins/p/skills/s/SKILL.md"))).syncKey()).isEqualTo("m/p/skills/s");
        assertThat(located(classifier.classify(Path.of("/m/plugins/p/hooks/hooks.json"))).role()).isEqualTo(ComponentFile.Role.HOOKS);
        assertThat(located(classifier.classify(Path.of("/m/plugins/p/.claude-plugin/plugin.json"))).syncKey()).isEqualTo("m/p");
        assertThat(located(classifier.classify(Path.of("/m/.claude-plugin/marketplace.json"))).syncKey()).isEqualTo("m");
    }

    @Test
    void theInnermostMarketplaceWins() {
        ComponentFile f = located(classifier.classify(Path.of("/x/plugins/outer/plugins/p/agents/a.md")));
        assertThat(f.marketplace()).isEqualTo("outer");
        assertThat(f.plugin()).isEqualTo("p");
    }

    @Test
    void relativePathsResolveAgainstTheBase() {
        ComponentFile f = located(classifier.classify(Path.of("/work/mkt"), "plugins/p/agents/a.md"));
        assertThat(f.syncKey()).isEqualTo("mkt/p/agents/a");
        assertThat(located(classifier.classify(Path.of("/work/mkt"), "plugins/p/agents/../agents/a.md")).syncKey())
                .isEqualTo("mkt/p/agents/a");
    }

    @Test
    void pathsThatEscapeWithDotDotAreRejected() {
        assertThat(classifier.classify(Path.of("/work/mkt"), "../other/plugins/p/agents/a.md"))
                .isEqualTo(new Classifier.NotAComponent("path escapes its base directory with '..'"));
        assertThat(classifier.classify(Path.of("/work/mkt/plugins/p/agents/../../../../etc/plugins/p/agents/a.md")))
                .isEqualTo(new Classifier.NotAComponent("absolute path contains '..'"));
    }

    @Test
    void otherFilesAreNotComponents() {
        for (String p : new String[] {"/m/plugins/p/agents/a.txt", "/m/plugins/p/README.md", "/m/plugins/p/agents/sub/a.md",
                "/m/plugins/p/skills/s/other.md", "/m/plugins/.hidden/agents/a.md", "/m/src/main.rs", "/plugins.md",
                "/m/plugins/p/agents/.md", "/m/plugins/p/hooks/other.json"}) {
            assertThat(classifier.classify(Path.of(p))).as(p).isInstanceOf(Classifier.NotAComponent.class);
        }
        assertThat(classifier.classify(null, "")).isInstanceOf(Classifier.NotAComponent.class);
        assertThat(classifier.classify(null, "plugins/p/agents/a.md")).isInstanceOf(Classifier.NotAComponent.class);
    }

    @Test
    void configuredNamesApplyToEvents() {
        Classifier named = new Classifier(MarketplaceNames.parse("/srv/checkout=team-market"));
        assertThat(located(named.classify(Path.of("/srv/checkout/plugins/p/agents/a.md"))).syncKey()).isEqualTo("team-market/p/agents/a");
    }

    @Property(tries = 300)
    void classifyInvertsTheLayout(@ForAll("names") String mp, @ForAll("names") String plugin, @ForAll("names") String name,
            @ForAll("roles") ComponentFile.Role role) {
        String relative = switch (role) {
            case AGENT -> "plugins/" + plugin + "/agents/" + name + ".md";
            case COMMAND -> "plugins/" + plugin + "/commands/" + name + ".md";
            case SKILL -> "plugins/" + plugin + "/skills/" + name + "/SKILL.md";
            case HOOKS -> "plugins/" + plugin + "/hooks/hooks.json";
            case PLUGIN_MANIFEST -> "plugins/" + plugin + "/.claude-plugin/plugin.json";
            case MARKETPLACE_MANIFEST -> ".claude-plugin/marketplace.json";
        };
        Path absolute = Path.of("/base", mp).resolve(relative);
        ComponentFile file = located(classifier.classify(absolute));
        assertThat(file).isEqualTo(ComponentFile.locate(mp, relative).orElseThrow());
        assertThat(file.role()).isEqualTo(role);
        assertThat(file.marketplace()).isEqualTo(mp);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', ' ', '.').ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.startsWith(".") && !s.isBlank() && !s.equals("plugins") && !s.endsWith(" ") && !s.startsWith(" "));
    }

    @Provide
    Arbitrary<ComponentFile.Role> roles() {
        return Arbitraries.of(ComponentFile.Role.class);
    }

    @Test
    void marketplaceNamesParseTheConfigurationForm() {
        MarketplaceNames names = MarketplaceNames.parse(" /a/b = first , /c=second,broken");
        assertThat(names.nameOf(Path.of("/a/b"))).isEqualTo("first");
        assertThat(names.nameOf(Path.of("/c"))).isEqualTo("second");
        assertThat(names.nameOf(Path.of("/d/e"))).isEqualTo("e");
        assertThat(new MarketplaceNames(Map.of()).nameOf(Path.of("/x/y/"))).isEqualTo("y");
    }
}
