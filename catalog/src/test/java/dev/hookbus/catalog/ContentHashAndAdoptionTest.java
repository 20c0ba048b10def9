package dev.hookbus.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHashAndAdoptionTest {

    @Test
    void hashIgnoresKeyOrderUnhashedFieldsAndEmptyValues() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("Agent Name", "x");
        a.put("Model", "sonnet");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("Model", "sonnet");
        b.put("Agent Name", "x");
        b.put("Color", "");
        b.put("Source Time", "2026-01-01T00:00:00Z");
        b.put("Sync Status", "Synced");
        b.put("Content Hash", "old");
        Map<String, List<String>> links = Map.of("Plugin", List.of("m/p"));
        assertThat(ContentHash.of(a, links)).isEqualTo(ContentHash.of(b, links)).hasSize(64);
    }

    @Test
    void hashChangesWithAnyMappedValueOrLink() {
        Map<String, Object> fields = Map.of("Agent Name", "x", "Model", "sonnet");
        String base = ContentHash.of(fields, Map.of("Plugin", List.of("m/p")));
        assertThat(ContentHash.of(Map.of("Agent Name", "x", "Model", "opus"), Map.of("Plugin", List.of("m/p")))).isNotEqualTo(base);
        assertThat(ContentHash.of(fields, Map.of("Plugin", List.of("m/q")))).isNotEqualTo(base);
        // a value cannot leak into the next field name
        assertThat(ContentHash.of(Map.of("a", "bc"), Map.of())).isNotEqualTo(ContentHash.of(Map.of("ab", "c"), Map.of()));
    }

    @Test
    void adoptionMatchesNameAndParentLink() {
        List<Adoption.LegacyRecord> records = List.of(
                new Adoption.LegacyRecord("rec1", "reviewer", List.of("recPluginA")),
                new Adoption.LegacyRecord("rec2", "reviewer", List.of("recPluginB")),
                new Adoption.LegacyRecord("rec3", " planner ", List.of("recPluginA")));
        assertThat(Adoption.match("reviewer", "recPluginA", records)).isEqualTo(new Adoption.Unique("rec1"));
        assertThat(Adoption.match("planner", "recPluginA", records)).isEqualTo(new Adoption.Unique("rec3"));
        assertThat(Adoption.match("reviewer", "recPluginC", records)).isEqualTo(new Adoption.NoMatch());
        assertThat(Adoption.match("reviewer", null, records)).isEqualTo(new Adoption.Ambiguous(List.of("rec1", "rec2")));
    }

    @Test
    void ambiguousMatchesAreReportedNeverGuessed() {
        List<Adoption.LegacyRecord> records = List.of(new Adoption.LegacyRecord("recA", "deploy", List.of("p")),
                new Adoption.LegacyRecord("recB", "deploy", List.of("p")));
        assertThat(Adoption.match("deploy", "p", records)).isEqualTo(new Adoption.Ambiguous(List.of("recA", "recB")));
    }

    @Test
    void syncKeysAndParents() {
        assertThat(SyncKeys.component("m", "p", ComponentKind.SKILL, "s")).isEqualTo("m/p/skills/s");
        assertThat(SyncKeys.parent("m/p/skills/s")).isEqualTo("m/p");
        assertThat(SyncKeys.parent("m/p/hooks/Stop:*:abcd1234")).isEqualTo("m/p");
        assertThat(SyncKeys.parent("m/p")).isEqualTo("m");
        assertThat(SyncKeys.parent("m")).isNull();
    }
}
