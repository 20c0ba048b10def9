package dev.hookbus.devstack;

import dev.hookbus.events.TopicAdmin;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One single-node KRaft broker per test JVM, from Kafka's own test kit (random ports, dies with the JVM). Every
 * topic of the ARCHITECTURE.md table exists once it is started.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** The JVM's broker, started on first use. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            // no shutdown hook closing the broker: its threads and files go with the JVM. The test kit deletes its
            // data directory in a shutdown hook while the broker still runs; the broker then sees its log dir fail
            // and halts the JVM with status 1, which fails a test fork whose tests all passed. A test JVM's broker
            // must never end the JVM, so Kafka's exit and halt are reported instead.
            Exit.setHaltProcedure((status, message) -> System.err.println(
                    "embedded Kafka broker asked to halt the JVM (" + status + "): " + message));
            Exit.setExitProcedure((status, message) -> System.err.println(
                    "embedded Kafka broker asked to exit the JVM (" + status + "): " + message));
            shared = start();
        }
        return shared;
    }

    /** A new broker owned by the caller. */
    public static EmbeddedKafka start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // the test kit's default is an unreleased metadata version on 4.1.2
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            KafkaSettings.singleNode().forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka broker = new EmbeddedKafka(cluster);
            try (Admin admin = broker.admin()) {
                TopicAdmin.ensureAll(admin);
            }
            return broker;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    public Map<String, String> quarkusConfig() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void close() {
        // a second close of the test kit throws RejectedExecutionException
        if (closed.compareAndSet(false, true)) {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("embedded Kafka broker did not close cleanly: " + e);
            }
        }
    }
}
