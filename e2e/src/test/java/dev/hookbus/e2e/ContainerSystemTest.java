package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.devstack.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level docker-compose.yml on a real Docker engine, with the images built from this checkout: an event through
 * the containerised ingest lands in the containerised emulator; the validator reconciles a volume to zero drift; an
 * airtable-sync container SIGKILLed mid-stream loses nothing; Prometheus has every service UP and every dashboard
 * query returns series; {@code down -v} leaves nothing behind. Runs with {@code -Dhookbus.containers=true} after
 * {@code deploy/docker/build-base.sh} (what {@code .ci/run} does).
 */
class ContainerSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "hookbusst";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;
    final Map<String, String> env = new HashMap<>();
    final String token = "st-" + UUID.randomUUID();

    record Run(int exit, String out) {
    }

    @Test
    void theComposeStackKeepsEveryPromise() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hookbus.containers"),
                "container system test: skipped (run it with -Dhookbus.containers=true after deploy/docker/build-base.sh; .ci/run does)");
        Run info = docker("docker", "info");
        if (info.exit() != 0) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("no Docker engine answers under CI=true: " + info.out());
            }
            Assumptions.abort("container system test: skipped, no Docker engine answers here");
        }
        Path marketplaces = Files.createDirectories(tmp.resolve("marketplaces"));
        Path agents = Files.createDirectories(marketplaces.resolve("stmkt/plugins/p/agents"));
        Path tilt = tmp.resolve("tilt");
        Path backend = Files.createDirectories(tmp.resolve("backend"));
        Path tiltBinary = RustPipeline.install(tilt, "backend", backend, "{\"duration\":0.2,\"lines\":[\"Finished\"]}");
        // the containers run as uid 1001: what they read and the fake Tilt's state must be theirs to use
        docker("chmod", "-R", "a+rwX", tmp.toString());
        Files.writeString(tmp.resolve("override.yml"), """
                services:
                  tilt-orchestrator:
                    environment:
                      TILT_BIN: %s
                      HOOKBUS_PIPELINES: %s
                    volumes: ["%s:%s", "%s:%s"]
                """.formatted(tiltBinary, RustPipeline.pipelinesDir(tilt), tilt, tilt, backend, backend));
        env.put("HOOKBUS_TOKEN", token);
        env.put("HOOKBUS_BASE_IMAGE", "hookbus/jre:17");
        env.put("HOOKBUS_KAFKA_IMAGE", "hookbus/kafka:latest");
        env.put("HOOKBUS_PROMETHEUS_IMAGE", "hookbus/prometheus:latest");
        env.put("HOOKBUS_MARKETPLACES", marketplaces.toString());
        env.put("VALIDATOR_SCHEDULE", "off");
        for (String port : List.of("HOOKBUS_INGEST_PORT", "HOOKBUS_SYNC_PORT", "HOOKBUS_TILT_PORT", "HOOKBUS_VALIDATOR_PORT", "HOOKBUS_EMULATOR_PORT",
                "HOOKBUS_PROMETHEUS_PORT", "HOOKBUS_GRAFANA_PORT")) {
            env.put(port, Integer.toString(FreePorts.next()));
        }
        try {
            Run build = compose("build");
            assertThat(build.exit()).as(build.out()).isZero();
            Run up = compose("up", "-d", "kafka", "topics", "airtable-emulator", "hook-ingest", "airtable-sync", "tilt-orchestrator", "validator",
                    "prometheus");
            assertThat(up.exit()).as(up.out()).isZero();
            for (String port : List.of("HOOKBUS_INGEST_PORT", "HOOKBUS_SYNC_PORT", "HOOKBUS_TILT_PORT", "HOOKBUS_VALIDATOR_PORT")) {
                Awaitility.await(port + " ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                        .until(() -> get(url(port, "/q/health/ready")).statusCode() == 200);
            }

            // an event as Claude Code's http hook posts it: refused without the token, written with it
            String first = agent("first", "the first agent");
            assertThat(postHook(event("/marketplaces/stmkt/plugins/p/agents/first.md", first), null)).isEqualTo(401);
            assertThat(postHook(event("/marketplaces/stmkt/plugins/p/agents/first.md", first), token)).isEqualTo(204);
            Awaitility.await("the event's record").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> purposes().get("stmkt/p/agents/first"), "the first agent"::equals);

            // a component only on the volume: the validator repairs it, then reports zero drift
            Files.writeString(agents.resolve("first.md"), first);
            Files.writeString(agents.resolve("only-on-disk.md"), agent("only-on-disk", "found by the validator"));
            docker("chmod", "-R", "a+rX", marketplaces.toString());
            assertThat(post(url("HOOKBUS_VALIDATOR_PORT", "/api/reconcile?autoSync=true"), "", null).statusCode()).isEqualTo(401);
            assertThat(post(url("HOOKBUS_VALIDATOR_PORT", "/api/reconcile?autoSync=true"), "", token).statusCode()).isEqualTo(200);
            Awaitility.await("the repaired record").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> purposes().get("stmkt/p/agents/only-on-disk"), "found by the validator"::equals);
            Awaitility.await("zero drift").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).until(() -> JSON.readTree(
                    post(url("HOOKBUS_VALIDATOR_PORT", "/api/reconcile?autoSync=true"), "", token).body()).path("exitCode").asInt(-1) == 0);

            // SIGKILL the only airtable-sync mid-stream, start it again: nothing lost
            AtomicInteger sent = new AtomicInteger();
            Thread stream = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    String body = event("/marketplaces/stmkt/plugins/p/agents/s" + i + ".md", agent("s" + i, "streamed " + i));
                    Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                            .until(() -> postHook(body, token) == 204);
                    sent.incrementAndGet();
                }
            });
            stream.start();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> sent.get() >= 10);
            Run kill = docker("docker", "kill", "-s", "KILL", PROJECT + "_airtable-sync_1");
            assertThat(kill.exit()).as(kill.out()).isZero();
            Run start = compose("start", "airtable-sync");
            assertThat(start.exit()).as(start.out()).isZero();
            stream.join(Duration.ofMinutes(3).toMillis());
            assertThat(sent.get()).isEqualTo(40);
            Awaitility.await("every streamed record").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Map<String, String> now = purposes();
                for (int i = 0; i < 40; i++) {
                    if (!("streamed " + i).equals(now.get("stmkt/p/agents/s" + i))) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(purposes()).doesNotContainValue("DUPLICATE");

            // traffic behind the lazily registered series: a refused hook, a Tilt run with a step
            assertThat(postHook("{", token)).isEqualTo(400);
            assertThat(post(url("HOOKBUS_TILT_PORT", "/api/runs?wait=60"), "{\"pipeline\":\"backend\"}", token).statusCode()).isIn(200, 202);

            // Prometheus: every hookbus target UP, every dashboard query answered with series
            Awaitility.await("every target up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                JsonNode targets = JSON.readTree(get(url("HOOKBUS_PROMETHEUS_PORT", "/api/v1/targets")).body()).path("data").path("activeTargets");
                int healthy = 0;
                for (JsonNode t : targets) {
                    healthy += "up".equals(t.path("health").asText()) && "hookbus".equals(t.path("labels").path("job").asText()) ? 1 : 0;
                }
                return healthy == 4;
            });
            List<String> report = new ArrayList<>();
            try (var files = Files.list(Packaged.checkout().resolve("deploy/grafana/dashboards"))) {
                for (Path dashboard : files.sorted().toList()) {
                    for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
                        for (JsonNode target : panel.path("targets")) {
                            String expr = target.path("expr").asText();
                            assertThat(expr).as("no constant fallback").doesNotContain("vector(");
                            int[] series = {0};
                            Awaitility.await(expr).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
                                series[0] = JSON.readTree(get(url("HOOKBUS_PROMETHEUS_PORT", "/api/v1/query?query="
                                        + URLEncoder.encode(expr, StandardCharsets.UTF_8))).body()).path("data").path("result").size();
                                return series[0] > 0;
                            });
                            report.add(String.format("%-28s %-60s %3d series  %s", dashboard.getFileName(), panel.path("title").asText(), series[0], expr));
                        }
                    }
                }
            }
            System.out.println("container system test: every dashboard query, through Prometheus's HTTP API:");
            report.forEach(line -> System.out.println("  " + line));
        } finally {
            Run logs = compose("logs", "--no-color", "--tail", "40");
            Files.writeString(tmp.resolve("compose.log"), logs.out());
            Run down = compose("down", "-v", "--remove-orphans");
            assertThat(down.exit()).as(down.out()).isZero();
            for (String kind : List.of("ps -a", "network ls", "volume ls")) {
                List<String> args = new ArrayList<>(List.of("docker"));
                args.addAll(List.of(kind.split(" ")));
                args.addAll(List.of("-q", "--filter", "label=com.docker.compose.project=" + PROJECT));
                assertThat(docker(args.toArray(String[]::new)).out().strip()).as("left after down -v: " + kind).isEmpty();
            }
        }
    }

    static String agent(String name, String description) {
        return "---\nname: " + name + "\ndescription: " + description + "\n---\nBody of " + name + ".\n";
    }

    static String event(String path, String content) {
        ObjectNode event = JSON.createObjectNode().put("session_id", "containers").put("cwd", "/marketplaces/stmkt")
                .put("hook_event_name", "PostToolUse").put("tool_name", "Write").put("tool_use_id", "toolu_" + UUID.randomUUID());
        event.putObject("tool_input").put("file_path", path).put("content", content);
        return event.toString();
    }

    int postHook(String body, String bearer) throws Exception {
        return post(url("HOOKBUS_INGEST_PORT", "/v1/hooks/claude-code"), body, bearer).statusCode();
    }

    Map<String, String> purposes() throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode r : JSON.readTree(get(url("HOOKBUS_EMULATOR_PORT", "/admin/bases/appHookbusLocal01/tables/Agents/records")).body())
                .path("records")) {
            out.merge(r.path("fields").path("Sync Key").asText(), r.path("fields").path("Purpose").asText(), (a, b) -> "DUPLICATE");
        }
        return out;
    }

    String url(String portVariable, String path) {
        return "http://127.0.0.1:" + env.get(portVariable) + path;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Run compose(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT, "-f", Packaged.checkout().resolve("docker-compose.yml").toString(),
                "-f", tmp.resolve("override.yml").toString(), "--profile", "local", "--profile", "observability"));
        command.addAll(List.of(args));
        return docker(command.toArray(String[]::new));
    }

    Run docker(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Packaged.checkout().toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("hookbus-docker", ".txt");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return new Run(process.exitValue(), text);
    }
}
