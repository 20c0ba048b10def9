package dev.hookbus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.events.Topic;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes topics are the topic table of the code, not a copy that drifts. */
class DeployTopicsTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyTopicHasAKafkaTopicResourceWithTheSameSettings() throws IOException {
        Map<String, Map<String, Object>> specs = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(Path.of("kubernetes/base/kafka-topics.yaml"))) {
            for (Object doc : new Yaml().loadAll(reader)) {
                Map<String, Object> resource = (Map<String, Object>) doc;
                assertThat(resource.get("kind")).isEqualTo("KafkaTopic");
                Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
                specs.put((String) spec.get("topicName"), spec);
            }
        }
        assertThat(specs.keySet()).hasSize(Topic.values().length);
        for (Topic topic : Topic.values()) {
            Map<String, Object> spec = specs.get(topic.topicName());
            assertThat(spec).as(topic.topicName()).isNotNull();
            assertThat(spec.get("partitions")).as(topic.topicName()).isEqualTo(topic.partitions());
            Map<String, Object> config = (Map<String, Object>) spec.get("config");
            topic.configs().forEach((name, value) ->
                    assertThat(String.valueOf(config.get(name))).as(topic.topicName() + " " + name).isEqualTo(value));
        }
    }
}
