package dev.hookbus.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookbus.events.Topic;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void everyTopicExistsWithItsPartitionsAndSettings() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.shared();
        try (Admin admin = broker.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    Arrays.stream(Topic.values()).map(Topic::topicName).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            for (Topic topic : Topic.values()) {
                assertThat(topics.get(topic.topicName()).partitions()).as(topic.topicName()).hasSize(topic.partitions());
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName());
                Config config = admin.describeConfigs(java.util.List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                topic.configs().forEach((name, value) -> assertThat(config.get(name).value()).as(topic + " " + name).isEqualTo(value));
            }
        }
    }

    @Test
    void aTypoInATopicNameFailsLoudlyInsteadOfCreatingATopic() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.shared();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("hookbus.hook-event.v1", "k", "v")).get(10, TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(ExecutionException.class),
                            e -> assertThat(e).hasMessageContaining("not present in metadata"));
        }
        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("hookbus.hook-event.v1");
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        EmbeddedKafka own = EmbeddedKafka.start();
        assertThat(own.bootstrapServers()).isNotBlank().isNotEqualTo(EmbeddedKafka.shared().bootstrapServers());
        own.close();
        own.close();
    }
}
