package dev.hookbus.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void sameSessionToolUseAndEventNameGiveTheSameId() {
        String first = EventIds.forHook("abc123", "toolu_01ABC", "PostToolUse");
        String replayed = EventIds.forHook("abc123", "toolu_01ABC", "PostToolUse");
        assertThat(replayed).isEqualTo(first);
    }

    @Test
    void anyDifferingPartGivesADifferentId() {
        String id = EventIds.forHook("abc123", "toolu_01ABC", "PostToolUse");
        assertThat(EventIds.forHook("abc124", "toolu_01ABC", "PostToolUse")).isNotEqualTo(id);
        assertThat(EventIds.forHook("abc123", "toolu_01ABD", "PostToolUse")).isNotEqualTo(id);
        assertThat(EventIds.forHook("abc123", "toolu_01ABC", "PreToolUse")).isNotEqualTo(id);
        // the parts are length-prefixed, so moving a character across the boundary changes the id
        assertThat(EventIds.forHook("ab", "c", "Stop")).isNotEqualTo(EventIds.forHook("a", "bc", "Stop"));
    }

    @Test
    void missingPartsGiveAFreshRandomId() {
        String a = EventIds.forHook("abc123", null, "Stop");
        String b = EventIds.forHook("abc123", null, "Stop");
        assertThat(a).isNotEqualTo(b);
        assertThat(EventIds.forHook("abc123", " ", "Stop")).isNotEqualTo(EventIds.forHook("abc123", " ", "Stop"));
    }
}
