package dev.hookbus.tilt.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives a running Tilt through its CLI (which handles the API server lookup and the session token). Each call is
 * one short-lived process with a bound on its duration.
 */
public final class TiltClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String binary;
    private final Integer port;
    private final Duration commandTimeout;
    private final Map<String, String> environment;

    /**
     * @param binary the {@code tilt} executable (a name on PATH or a path)
     * @param port Tilt's port, passed as {@code --port}; null leaves the CLI's default (TILT_PORT or 10350)
     * @param commandTimeout how long one CLI call may take
     * @param environment extra environment for the CLI
     */
    public TiltClient(String binary, Integer port, Duration commandTimeout, Map<String, String> environment) {
        this.binary = binary;
        this.port = port;
        this.commandTimeout = commandTimeout;
        this.environment = Map.copyOf(environment);
    }

    public String binary() {
        return binary;
    }

    /** {@code tilt trigger RESOURCE}: returns when Tilt queued the build, not when it finished. */
    public void trigger(String resource) throws TiltException {
        run(List.of("trigger", resource));
    }

    /** {@code tilt get uiresource RESOURCE -o json}. */
    public UiResourceStatus status(String resource) throws TiltException {
        String out = run(List.of("get", "uiresource", resource, "-o", "json"));
        try {
            return UiResourceStatus.from(JSON.readTree(out));
        } catch (IOException e) {
            throw new TiltException(TiltException.Kind.FAILED, "tilt get uiresource " + resource + " answered with no JSON: " + firstLine(out));
        }
    }

    /** Every line Tilt holds for the resource, in Tilt's order ({@code tilt logs RESOURCE --json}). */
    public List<TiltLogLine> logs(String resource) throws TiltException {
        String out = run(List.of("logs", resource, "--json"));
        List<TiltLogLine> lines = new ArrayList<>();
        for (String raw : out.split("\n")) {
            if (raw.isBlank() || raw.charAt(0) != '{') {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(raw);
                String message = n.path("message").asText("");
                if (message.endsWith("\n")) {
                    message = message.substring(0, message.length() - 1);
                }
                lines.add(new TiltLogLine(n.path("resource").asText(resource), message, n.path("spanID").asText(""),
                        n.path("source").asText("")));
            } catch (IOException e) {
                // a line cut by the CLI: skipped, the next poll reads it whole
            }
        }
        return lines;
    }

    /** Whether a Tilt answers on the configured port. */
    public boolean reachable() {
        try {
            run(List.of("get", "uiresource", "-o", "json"));
            return true;
        } catch (TiltException e) {
            return e.kind() != TiltException.Kind.UNREACHABLE;
        }
    }

    private String run(List<String> args) throws TiltException {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(args);
        if (port != null) {
            command.add("--port");
            command.add(String.valueOf(port));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        String what = "tilt " + String.join(" ", args);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TiltException(TiltException.Kind.UNREACHABLE, "cannot run the tilt CLI '" + binary + "': " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TiltException(TiltException.Kind.FAILED, what + " did not answer within " + commandTimeout.toSeconds() + " s");
            }
            String stdout = out.get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            String stderr = err.get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                String said = (stderr + "\n" + stdout).strip();
                throw new TiltException(TiltException.classify(said), firstLine(said.isEmpty() ? what + " exited with " + process.exitValue() : said));
            }
            return stdout;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TiltException(TiltException.Kind.FAILED, what + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
            process.destroyForcibly();
            throw new TiltException(TiltException.Kind.FAILED, what + ": " + e.getMessage());
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
