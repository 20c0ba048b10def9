package dev.hookbus.kit.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.events.Topic;
import org.junit.jupiter.api.Test;

class TopicNamesConfigSourceTest {
    private final TopicNamesConfigSource source = new TopicNamesConfigSource();

    @Test
    void channelPropertiesReadTheTopicTable() {
        // written out by hand: the names channel properties use
        assertThat(source.getValue("hookbus.topic.hook-events")).isEqualTo("hookbus.hook-events.v1");
        assertThat(source.getValue("hookbus.topic.airtable-sync-unreadable")).isEqualTo("hookbus.airtable-sync.unreadable.v1");
        assertThat(source.getValue("hookbus.topic.ops-outcomes")).isEqualTo("hookbus.ops-outcomes.v1");
        assertThat(source.getValue("hookbus.topic.nope")).isNull();
    }

    @Test
    void everyTopicIsThereAndNothingElse() {
        assertThat(source.getPropertyNames()).hasSize(Topic.values().length).allMatch(name -> name.startsWith("hookbus.topic."));
        assertThat(source.getOrdinal()).isLessThan(100);
    }
}
