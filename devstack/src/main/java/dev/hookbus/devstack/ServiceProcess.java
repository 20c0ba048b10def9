package dev.hookbus.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus service (fast-jar {@code target/quarkus-app/quarkus-run.jar}) as a child process with given
 * settings, for tests that SIGKILL and restart it. It gets a free HTTP port (kept across restarts) and is ready when
 * {@code /q/health/ready} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int httpPort;
    private final ChildJvm jvm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param name for messages and the log file name
     * @param quarkusRunJar the fast-jar launcher
     * @param settings Quarkus/MicroProfile config, passed as system properties
     * @param workDir where the log file goes
     */
    public ServiceProcess(String name, Path quarkusRunJar, Map<String, String> settings, Path workDir) {
        this(name, quarkusRunJar, List.of(), settings, workDir);
    }

    /**
     * @param jvmOptions the service's own JVM options, e.g. {@code "@hook-ingest/jvm.options"} (a java argument
     *        file, as {@code bin/hookbus} starts it); they come after the default heap, so they override it
     */
    public ServiceProcess(String name, Path quarkusRunJar, List<String> jvmOptions, Map<String, String> settings, Path workDir) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalArgumentException(quarkusRunJar + " does not exist: package the service first (./mvnw package)");
        }
        this.name = name;
        this.httpPort = FreePorts.next();
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putIfAbsent("quarkus.http.port", Integer.toString(httpPort));
        all.putIfAbsent("quarkus.http.host", "127.0.0.1");
        List<String> jvmArgs = new ArrayList<>(jvmOptions);
        all.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        List<String> command = new ArrayList<>(ChildJvm.javaCommand("256m", jvmArgs));
        command.addAll(List.of("-jar", quarkusRunJar.toString()));
        this.jvm = new ChildJvm(name, command, Map.of(), workDir.resolve(name + ".log"));
    }

    /** The command line the service runs with. */
    List<String> command() {
        return jvm.command();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the service and waits until it reports ready. */
    public ServiceProcess start(Duration timeout) {
        jvm.start();
        jvm.awaitCondition("ready", timeout, this::isReady);
        return this;
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no flush. */
    public void kill() {
        jvm.kill();
    }

    /** SIGTERM and wait. */
    public void stop() {
        jvm.stop(Duration.ofSeconds(20));
    }

    public ServiceProcess restart(Duration timeout) {
        stop();
        return start(timeout);
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public String logTail(int lines) {
        return jvm.tail(lines);
    }

    public String name() {
        return name;
    }

    /** The running JVM's process id (for CPU figures and profilers). */
    public long pid() {
        return jvm.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
