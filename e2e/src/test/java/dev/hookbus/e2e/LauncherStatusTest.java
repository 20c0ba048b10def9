package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/hookbus status} tells a part whose health is DOWN from one still starting, naming the failing checks. */
class LauncherStatusTest {
    @TempDir
    Path state;

    /** Quarkus's health answer while the broker is gone (the shape SmallRye Health prints). */
    static final String DOWN = """
            {
                "status": "DOWN",
                "checks": [
                    {
                        "name": "kafka-topics",
                        "status": "DOWN",
                        "data": {"missing": "hookbus.hook-events.v1"}
                    },
                    {
                        "name": "airtable",
                        "status": "UP"
                    },
                    {
                        "name": "SmallRye Reactive Messaging - readiness check",
                        "status": "DOWN"
                    }
                ]
            }
            """;

    @Test
    void aPartAnsweringDownIsDownWithItsFailingChecksAndOneNotAnsweringIsStarting() throws Exception {
        HttpServer health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/q/health", exchange -> {
            byte[] body = DOWN.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        health.start();
        // a live process stands for each recorded part (the launcher checks PID and start time)
        Process stand = new ProcessBuilder("sleep", "60").start();
        try {
            String started = run("ps", "-o", "lstart=", "-p", Long.toString(stand.pid())).strip();
            Files.createDirectories(state.resolve("run"));
            for (String part : new String[] {"airtable-sync", "validator"}) {
                Files.writeString(state.resolve("run/" + part + ".pid"), stand.pid() + "\n" + started + "\n");
            }
            int freePort;
            try (var socket = new java.net.ServerSocket(0)) {
                freePort = socket.getLocalPort();
            }
            ProcessBuilder status = new ProcessBuilder(Packaged.checkout().resolve("bin/hookbus").toString(), "status").redirectErrorStream(true);
            status.environment().put("HOOKBUS_STATE_DIR", state.toString());
            status.environment().put("HOOKBUS_SYNC_PORT", Integer.toString(health.getAddress().getPort()));
            status.environment().put("HOOKBUS_VALIDATOR_PORT", Integer.toString(freePort));
            Process p = status.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String sync = out.lines().filter(l -> l.startsWith("airtable-sync")).findFirst().orElseThrow(() -> new AssertionError(out));
            assertThat(sync).contains("down (kafka-topics, SmallRye Reactive Messaging - readiness check)").doesNotContain("airtable,");
            String validator = out.lines().filter(l -> l.startsWith("validator")).findFirst().orElseThrow(() -> new AssertionError(out));
            assertThat(validator).contains("starting");
            assertThat(out.lines().filter(l -> l.startsWith("hook-ingest")).findFirst().orElseThrow()).contains("stopped");
        } finally {
            stand.destroy();
            health.stop(0);
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
