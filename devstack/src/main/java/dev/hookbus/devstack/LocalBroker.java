package dev.hookbus.devstack;

import dev.hookbus.events.TopicAdmin;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The local broker process: {@code LocalBroker [--port 9092] [--controller-port 9093] [--data DIR]}. Formats the data
 * directory once, runs {@code kafka.Kafka} in this JVM, creates every hookbus topic, and prints
 * {@code hookbus-kafka ready 127.0.0.1:PORT} when clients can use it. SIGTERM stops it cleanly. Configuration
 * problems end the process with exit code 2 and one line that says what to fix.
 */
public final class LocalBroker {
    public static final String READY_LINE_PREFIX = "hookbus-kafka ready ";
    static final int CONFIG_ERROR = 2;

    private LocalBroker() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(option(args, "--port", env("HOOKBUS_KAFKA_PORT", "9092")));
        int controllerPort = Integer.parseInt(option(args, "--controller-port", env("HOOKBUS_KAFKA_CONTROLLER_PORT",
                Integer.toString(port + 1))));
        Path data = Path.of(option(args, "--data", env("HOOKBUS_KAFKA_DATA", ".hookbus/kafka"))).toAbsolutePath();
        // in a container: listen on every interface and advertise the name other containers reach it by
        String listenHost = option(args, "--listen-host", env("HOOKBUS_KAFKA_LISTEN_HOST", "127.0.0.1"));
        String advertisedHost = option(args, "--advertised-host", env("HOOKBUS_KAFKA_ADVERTISED_HOST",
                listenHost.equals("0.0.0.0") ? "127.0.0.1" : listenHost));

        String problem = checkPort(port, "--port / HOOKBUS_KAFKA_PORT");
        if (problem == null) {
            problem = checkPort(controllerPort, "--controller-port / HOOKBUS_KAFKA_CONTROLLER_PORT");
        }
        if (problem == null) {
            problem = checkDataDir(data);
        }
        if (problem != null) {
            System.err.println("hookbus-kafka: " + problem);
            System.exit(CONFIG_ERROR);
        }
        try {
            Path serverProperties = writeServerProperties(data, port, controllerPort, listenHost, advertisedHost);
            format(data, serverProperties);
            Thread topics = new Thread(() -> createTopicsWhenUp(port), "hookbus-topics");
            topics.setDaemon(true);
            topics.start();
            // blocks until SIGTERM; installs Kafka's own shutdown hook
            kafka.Kafka.main(new String[] {serverProperties.toString()});
        } catch (IOException e) {
            System.err.println("hookbus-kafka: cannot prepare " + data + ": " + e.getMessage());
            System.exit(CONFIG_ERROR);
        }
    }

    static String checkPort(int port, String howToChange) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return null;
        } catch (IOException e) {
            return "port " + port + " is already in use: stop what listens there, or choose another port with " + howToChange;
        }
    }

    static String checkDataDir(Path data) {
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-check", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException | SecurityException e) {
            return "data directory " + data + " is not writable (" + e.getClass().getSimpleName()
                    + "): fix its permissions, or choose another with --data / HOOKBUS_KAFKA_DATA";
        }
    }

    static Path writeServerProperties(Path data, int port, int controllerPort) throws IOException {
        return writeServerProperties(data, port, controllerPort, "127.0.0.1", "127.0.0.1");
    }

    static Path writeServerProperties(Path data, int port, int controllerPort, String listenHost, String advertisedHost) throws IOException {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + listenHost + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", data.resolve("logs").toString());
        props.putAll(KafkaSettings.singleNode());
        Path file = data.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "written by hookbus devstack at every start");
        }
        return file;
    }

    static void format(Path data, Path serverProperties) throws IOException {
        if (Files.exists(data.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        Path clusterIdFile = data.resolve("cluster.id");
        String clusterId;
        if (Files.exists(clusterIdFile)) {
            clusterId = Files.readString(clusterIdFile).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(clusterIdFile, clusterId);
        }
        int exit = kafka.tools.StorageTool.execute(new String[] {"format", "--standalone", "--ignore-formatted",
                "--cluster-id", clusterId, "--config", serverProperties.toString()}, new PrintStream(System.out, true));
        if (exit != 0) {
            throw new IOException("kafka-storage format exited with " + exit);
        }
    }

    private static void createTopicsWhenUp(int port) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get();
                TopicAdmin.ensureAll(admin);
                System.out.println(READY_LINE_PREFIX + "127.0.0.1:" + port);
                return;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                System.err.println("hookbus-kafka: waiting for the broker: " + e.getMessage());
            }
        }
        System.err.println("hookbus-kafka: the broker did not accept clients within 2 minutes");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
