package dev.hookbus.devstack;

import dev.hookbus.events.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates every topic of the table in {@code events} on a running cluster, once, and exits 0 (1 when the cluster did
 * not answer within 2 minutes): the compose file's one-shot {@code topics} service, for a broker image that is not
 * hookbus's own (whose broker creates them itself). {@code CreateTopics BOOTSTRAP_SERVERS}.
 */
public final class CreateTopics {
    private CreateTopics() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args.length > 0 ? args[0] : System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get();
                TopicAdmin.ensureAll(admin);
                System.out.println("hookbus topics: every topic exists on " + bootstrap);
                return;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    throw (InterruptedException) e;
                }
                System.err.println("hookbus topics: waiting for " + bootstrap + ": " + e.getMessage());
                Thread.sleep(2000);
            }
        }
        System.err.println("hookbus topics: " + bootstrap + " did not answer within 2 minutes");
        System.exit(1);
    }
}
