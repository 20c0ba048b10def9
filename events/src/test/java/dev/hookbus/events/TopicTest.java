package dev.hookbus.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicTest {

    /** ARCHITECTURE.md's topic table, row by row: name, partitions, retention days, max.message.bytes (0 = default). */
    private static final List<Object[]> DESIGN_TABLE = List.of(
            new Object[] {"hookbus.hook-events.v1", 6, 7, 2 * 1024 * 1024},
            new Object[] {"hookbus.airtable-writes.v1", 6, 7, 0},
            new Object[] {"hookbus.component-repairs.v1", 6, 7, 2 * 1024 * 1024},
            new Object[] {"hookbus.sync-results.v1", 6, 7, 0},
            new Object[] {"hookbus.airtable-sync.dlq.v1", 1, 30, 0},
            new Object[] {"hookbus.airtable-sync.unreadable.v1", 1, 30, 2097152},
            new Object[] {"hookbus.tilt-runs.v1", 3, 7, 0},
            new Object[] {"hookbus.reconcile-reports.v1", 1, 30, 0},
            new Object[] {"hookbus.ops.v1", 1, 7, 0},
            new Object[] {"hookbus.ops-outcomes.v1", 1, 7, 0});

    @Test
    void everyTopicOfTheDesignTableIsDeclaredWithItsSettings() {
        for (Object[] row : DESIGN_TABLE) {
            Topic topic = Topic.byName((String) row[0]).orElseThrow(() -> new AssertionError("missing " + row[0]));
            assertThat(topic.partitions()).as(topic.topicName()).isEqualTo(row[1]);
            assertThat(topic.retention()).as(topic.topicName()).isEqualTo(Duration.ofDays((Integer) row[2]));
            int maxBytes = (Integer) row[3];
            if (maxBytes == 0) {
                assertThat(topic.configs()).doesNotContainKey("max.message.bytes");
            } else {
                assertThat(topic.configs()).containsEntry("max.message.bytes", Integer.toString(maxBytes));
            }
            assertThat(topic.configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays((Integer) row[2]).toMillis()));
        }
        assertThat(Topic.values()).hasSize(DESIGN_TABLE.size());
    }

    @Test
    void topicNamesAreUniqueAndVersioned() {
        Map<String, Long> byName = Arrays.stream(Topic.values())
                .collect(Collectors.groupingBy(Topic::topicName, Collectors.counting()));
        assertThat(byName.values()).allMatch(count -> count == 1);
        assertThat(byName.keySet()).allMatch(name -> name.startsWith("hookbus.") && name.matches(".*\\.v\\d+$"));
        assertThat(Topic.byName("hookbus.nope.v1")).isEmpty();
    }
}
