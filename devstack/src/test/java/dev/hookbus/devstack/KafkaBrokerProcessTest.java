package dev.hookbus.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.events.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @TempDir
    Path data;

    @Test
    void theBrokerRunsWithItsOwnJvmOptionsAndTheLocalBrokerMain(@TempDir Path dir) {
        List<String> command = new KafkaBrokerProcess(dir).command();
        assertThat(command).containsAll(KafkaBrokerProcess.JVM_OPTIONS).contains("-XX:+UseParallelGC", LocalBroker.class.getName());
        assertThat(command.indexOf("-XX:+UseParallelGC")).isLessThan(command.indexOf(LocalBroker.class.getName()));
    }

    @Test
    void brokerRestartsOnTheSamePortWithItsDataAndAProducerRecovers() throws Exception {
        String topic = Topic.OPS.topicName();
        long t0 = System.nanoTime();
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(data).start()) {
            System.out.printf("broker ready after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            String bootstrap = broker.bootstrapServers();
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);

                long firstPid = broker.pid();
                long t1 = System.nanoTime();
                broker.stop();
                System.out.printf("broker stopped after %d ms%n", (System.nanoTime() - t1) / 1_000_000);
                assertThat(broker.isAlive()).isFalse();

                // sent while the broker is down (send may block on metadata, so from another thread): must be
                // delivered once the broker is back, by the same producer
                CompletableFuture<RecordMetadata> duringOutage = CompletableFuture.supplyAsync(() -> {
                    try {
                        return producer.send(new ProducerRecord<>(topic, "k", "during")).get();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });

                long t2 = System.nanoTime();
                broker.start();
                System.out.printf("broker restarted after %d ms%n", (System.nanoTime() - t2) / 1_000_000);
                assertThat(broker.pid()).isNotEqualTo(firstPid);
                assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
                duringOutage.get(90, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
            }

            List<String> values = new ArrayList<>();
            Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "restart-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        values.add(record.value());
                    }
                    return values.size() >= 3;
                });
            }
            // the record from before the restart survived: the second start reused the data directory
            assertThat(values).containsExactly("before", "during", "after");
        }
    }
}
