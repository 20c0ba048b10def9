package dev.hookbus.devstack;

import dev.hookbus.events.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A broker in a child process ({@link LocalBroker}) that can be stopped and started again on the SAME port with the
 * same data, for tests of broker outages (the test kit picks new random ports on every start).
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    /**
     * The local broker's JVM options (also in {@code bin/services.d/10-kafka.sh}). ParallelGC: with G1 this broker
     * paused 12-15 ms three to five times in 12 s at 5,000 records/s, with ParallelGC once or twice for 4-10 ms, and
     * every pause stalls every produce request in flight.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseParallelGC");

    private final int port;
    private final ChildJvm jvm;

    public KafkaBrokerProcess(Path dataDir) {
        this(dataDir, FreePorts.next(), FreePorts.next());
    }

    public KafkaBrokerProcess(Path dataDir, int port, int controllerPort) {
        this.port = port;
        List<String> jvmArgs = new ArrayList<>(JVM_OPTIONS);
        jvmArgs.addAll(List.of("-cp", ChildJvm.currentClasspath()));
        List<String> command = new ArrayList<>(ChildJvm.javaCommand("512m", jvmArgs));
        command.add(LocalBroker.class.getName());
        command.addAll(List.of("--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort), "--data",
                dataDir.toString()));
        this.jvm = new ChildJvm("kafka broker on port " + port, command, Map.of(), dataDir.resolve("broker.log"));
    }

    /** The command line the broker runs with. */
    List<String> command() {
        return jvm.command();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the broker and waits until every hookbus topic exists. */
    public KafkaBrokerProcess start() {
        jvm.start();
        jvm.awaitCondition("ready", Duration.ofSeconds(90), this::topicsExist);
        return this;
    }

    /** SIGTERM and wait: a clean stop. */
    public void stop() {
        jvm.stop(Duration.ofSeconds(30));
    }

    /** SIGKILL. */
    public void kill() {
        jvm.kill();
    }

    /** SIGSTOP: the broker holds every connection open and answers nothing, as a stalled or overloaded one does. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    private boolean topicsExist() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            Set<String> names = admin.listTopics().names().get(3, TimeUnit.SECONDS);
            return Arrays.stream(Topic.values()).allMatch(t -> names.contains(t.topicName()));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
