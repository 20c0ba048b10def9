package dev.hookbus.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentParserTest {
    private static final String HOOKS = "plugins/p/hooks/hooks.json";

    private static List<Component> hooks(String json) {
        return ComponentParser.parse("m", HOOKS, json);
    }

    @Test
    void hooksJsonInEveryShapeSeenInRealMarketplaces() {
        assertThat(hooks("{\"hooks\":[]}")).isEmpty();
        assertThat(hooks("{\"hooks\":{}}")).isEmpty();
        assertThat(hooks("{\"hooks\":{\"PostToolUse\":[],\"Stop\":[]}}")).isEmpty();
        assertThat(hooks("")).isEmpty();
        assertThat(hooks("  \n")).isEmpty();
        assertThat(hooks("{}")).isEmpty();
        List<Component> topLevel = hooks("{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"x\"}]}]}");
        assertThat(topLevel).hasSize(1);
        assertThat(topLevel.get(0).warnings()).extracting(ParseWarning::code).containsExactly("NO_HOOKS_KEY");
        List<Component> extra = hooks("{\"description\":\"d\",\"version\":2,\"hooks\":{\"Stop\":[{\"matcher\":\"\",\"extra\":1,"
                + "\"hooks\":[{\"type\":\"command\",\"command\":\"x\",\"async\":true}]}]}}");
        assertThat(extra).extracting(Component::syncKey).containsExactly("m/p/hooks/Stop:*:" + ContentHash.sha256("x").substring(0, 8));
        assertThat(extra.get(0).warnings()).isEmpty();
    }

    @Test
    void invalidJsonIsOneInvalidComponentWithTheReason() {
        List<Component> broken = hooks("{\"hooks\": {");
        assertThat(broken).hasSize(1);
        assertThat(broken.get(0).isInvalid()).isTrue();
        assertThat(broken.get(0).syncKey()).isEqualTo("m/p/hooks/hooks.json");
        assertThat(broken.get(0).invalidReason()).startsWith("hooks.json is not valid JSON").contains("line 1");
        assertThat(hooks("[1,2]").get(0).invalidReason()).isEqualTo("hooks.json is not a JSON object");
    }

    @Test
    void hookNamesDoNotDependOnOrder() {
        String a = "{\"type\":\"command\",\"command\":\"one\"}";
        String b = "{\"type\":\"command\",\"command\":\"two\"}";
        List<String> forward = hooks("{\"hooks\":{\"Stop\":[{\"hooks\":[" + a + "," + b + "]}]}}").stream().map(Component::syncKey).sorted().toList();
        List<String> reversed = hooks("{\"hooks\":{\"Stop\":[{\"hooks\":[" + b + "]},{\"hooks\":[" + a + "]}]}}").stream().map(Component::syncKey).sorted().toList();
        assertThat(forward).hasSize(2).isEqualTo(reversed);
    }

    @Test
    void duplicateHandlersAreOneComponent() {
        String h = "{\"type\":\"command\",\"command\":\"same\"}";
        assertThat(hooks("{\"hooks\":{\"Stop\":[{\"hooks\":[" + h + "," + h + "]}]}}")).hasSize(1);
    }

    @Test
    void httpAndPromptHandlersAreCatalogued() {
        List<Component> handlers = hooks("{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Write\",\"hooks\":["
                + "{\"type\":\"http\",\"url\":\"http://127.0.0.1:8700/v1/hooks/claude-code\"},{\"type\":\"prompt\",\"prompt\":\"check\"}]}]}}");
        assertThat(handlers).extracting(c -> c.field("type")).containsExactly("http", "prompt");
        assertThat(handlers.get(0).field("command")).isEqualTo("http://127.0.0.1:8700/v1/hooks/claude-code");
    }

    @Test
    void bytesThatAreNotUtf8AreInvalid() {
        ComponentFile file = ComponentFile.locate("m", "plugins/p/agents/a.md").orElseThrow();
        List<Component> parsed = ComponentParser.parse(file, new byte[] {'-', '-', '-', '\n', (byte) 0xC3, (byte) 0x28});
        assertThat(parsed.get(0).invalidReason()).isEqualTo("file is not valid UTF-8 text");
        assertThat(ComponentParser.parse(file, "---\nname: é\ndescription: ok\n---\n".getBytes(StandardCharsets.UTF_8)).get(0).field("name"))
                .isEqualTo("é");
    }

    @Test
    void anAgentWithoutNameOrDescriptionIsAWarningNotInvalid() {
        Component c = ComponentParser.parse("m", "plugins/p/agents/bare.md", "Just text.").get(0);
        assertThat(c.isInvalid()).isFalse();
        assertThat(c.field("name")).isEqualTo("bare");
        assertThat(c.field("description")).isEmpty();
        assertThat(c.warnings()).extracting(ParseWarning::code).containsExactly("MISSING_FIELD", "MISSING_FIELD");
    }

    @Test
    void sameTextOnEveryPlatformGivesTheSameFields() {
        String unix = "---\nname: a\ndescription: d\ntools: [Read, Grep]\n---\nbody\n";
        String windows = "\uFEFF" + unix.replace("\n", "\r\n");
        String oldMac = unix.replace("\n", "\r");
        Component u = ComponentParser.parse("m", "plugins/p/agents/a.md", unix).get(0);
        assertThat(ComponentParser.parse("m", "plugins/p/agents/a.md", windows).get(0)).isEqualTo(u);
        assertThat(ComponentParser.parse("m", "plugins/p/agents/a.md", oldMac).get(0)).isEqualTo(u);
        assertThat(u.field("tools")).isEqualTo("Read, Grep");
    }
}
