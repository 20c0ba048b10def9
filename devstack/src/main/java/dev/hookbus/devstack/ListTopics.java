package dev.hookbus.devstack;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ListTopics --bootstrap-server HOST:PORT --list}: prints the cluster's topics, exit 1 when it does not answer
 * within 15 s. The hookbus broker image's {@code /opt/kafka/bin/kafka-topics.sh}, so one container health check
 * (a listing through the bootstrap server, not a port probe) serves it and the official image alike.
 */
public final class ListTopics {
    private ListTopics() {
    }

    public static void main(String[] args) {
        String bootstrap = "127.0.0.1:9092";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--bootstrap-server")) {
                bootstrap = args[i + 1];
            }
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            admin.listTopics().names().get(15, TimeUnit.SECONDS).stream().sorted().forEach(System.out::println);
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("kafka-topics: " + bootstrap + " did not answer: " + e + (cause == e ? "" : " (" + cause + ")"));
            System.exit(1);
        }
    }
}
