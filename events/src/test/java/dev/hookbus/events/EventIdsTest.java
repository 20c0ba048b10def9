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

    @Test
    void theIdIsTheJdksNameBasedUuidOfTheDocumentedNameAsInEveryEarlierVersion() {
        // the oracle is the JDK's own name-based UUID of the name the rule documents (ARCHITECTURE.md "Event ids")
        String name = "hookbus/hook-event/6:abc123|11:toolu_01ABC|PostToolUse";
        assertThat(EventIds.forHook("abc123", "toolu_01ABC", "PostToolUse"))
                .isEqualTo(java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(80); c > 0; c--) {
                text.appendCodePoint(random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f));
            }
            assertThat(EventIds.nameUuid(text.toString()))
                    .isEqualTo(java.util.UUID.nameUUIDFromBytes(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
