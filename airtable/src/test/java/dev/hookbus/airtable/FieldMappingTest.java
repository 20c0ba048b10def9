package dev.hookbus.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.catalog.Component;
import dev.hookbus.catalog.ComponentParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMappingTest {
    private final FieldMapping mapping = FieldMapping.defaults();

    private static Component parse(String path, String text) {
        return ComponentParser.parse("mkt", path, text).get(0);
    }

    @Test
    void agentFieldsFollowTheClaudePluginsLayout() {
        MappedRecord r = mapping.map(parse("plugins/p/agents/code-reviewer.md",
                "---\nname: reviewer\ndescription: Reviews\nmodel: sonnet\ncolor: blue\ntools: Read, Grep\n---\n"));
        assertThat(r.table()).isEqualTo("Agents");
        assertThat(r.syncKey()).isEqualTo("mkt/p/agents/code-reviewer");
        assertThat(r.fields()).containsExactly(Map.entry("Agent Name", "reviewer"), Map.entry("File Path", "plugins/p/agents/code-reviewer.md"),
                Map.entry("Purpose", "Reviews"), Map.entry("Model", "sonnet"), Map.entry("Color", "blue"), Map.entry("Tools", "Read, Grep"));
        assertThat(r.links()).isEqualTo(Map.of("Plugin", List.of("mkt/p")));
    }

    @Test
    void commandNameIsSlashPluginColonStemAndAbsentValuesAreOmitted() {
        MappedRecord r = mapping.map(parse("plugins/tools/commands/deploy.md", "---\ndescription: Deploy\nargument-hint: [x]\n---\n"));
        assertThat(r.fields()).containsEntry("Command Name", "/tools:deploy").containsEntry("Argument Hint", "[x]")
                .doesNotContainKey("Allowed Tools");
    }

    @Test
    void hooksPluginsAndMarketplaces() {
        Component hook = ComponentParser.parse("mkt", "plugins/p/hooks/hooks.json",
                "{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"echo hi\"}]}]}}").get(0);
        MappedRecord h = mapping.map(hook);
        assertThat(h.fields()).containsEntry("Hook Name", hook.name()).containsEntry("Event Type", "Stop").containsEntry("Matcher", "*")
                .containsEntry("Command", "echo hi");
        MappedRecord plugin = mapping.map(ComponentParser.pluginFromKey("mkt", "p"));
        assertThat(plugin.table()).isEqualTo("Plugins");
        assertThat(plugin.links()).isEqualTo(Map.of("Marketplace Link", List.of("mkt")));
        MappedRecord mp = mapping.map(ComponentParser.marketplaceFromKey("mkt"));
        assertThat(mp.links()).isEmpty();
        assertThat(mp.fields()).containsEntry("Marketplace Name", "mkt");
    }

    @Test
    void theHashIsTheSameForTheSameFileOnAnyPlatform() {
        String text = "---\nname: a\ndescription: d\n---\n";
        assertThat(mapping.map(parse("plugins/p/agents/a.md", "\uFEFF" + text.replace("\n", "\r\n"))).contentHash())
                .isEqualTo(mapping.map(parse("plugins/p/agents/a.md", text)).contentHash());
        assertThat(mapping.map(parse("plugins/p/agents/a.md", text.replace("d\n", "e\n"))).contentHash())
                .isNotEqualTo(mapping.map(parse("plugins/p/agents/a.md", text)).contentHash());
    }

    @Test
    void invalidComponentsAreNotMapped() {
        Component invalid = ComponentParser.parse("mkt", "plugins/p/hooks/hooks.json", "{oops").get(0);
        assertThatThrownBy(() -> mapping.map(invalid)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid");
    }

    @Test
    void schemaCheckNamesEachProblemOnItsOwnLine() throws Exception {
        var json = new ObjectMapper();
        var actual = json.readTree("""
                {"tables":[{"name":"Agents","fields":[{"name":"Agent Name","type":"singleLineText"},{"name":"Color","type":"singleLineText"}]}]}""");
        List<String> problems = SchemaCheck.defaults().problems(actual);
        assertThat(problems).contains("table 'Marketplaces' is missing", "field 'Agents.Color' is singleLineText, expected singleSelect",
                "field 'Agents.Sync Key' is missing (expected singleLineText)");
        assertThat(SchemaCheck.defaults().problems(SchemaCheck.defaultSchema())).isEmpty();
    }

    @Test
    void everyMappedFieldExistsInTheDefaultSchema() {
        var schema = SchemaCheck.defaultSchema();
        for (FieldMapping.TableMapping t : mapping.tablesInWriteOrder()) {
            var table = java.util.stream.StreamSupport.stream(schema.path("tables").spliterator(), false)
                    .filter(n -> n.path("name").asText().equals(t.table())).findFirst().orElseThrow();
            List<String> names = new java.util.ArrayList<>();
            table.path("fields").forEach(f -> names.add(f.path("name").asText()));
            assertThat(names).as(t.table()).containsAll(t.fields().keySet()).containsAll(mapping.ledgerFields(t));
        }
    }
}
