package dev.hookbus.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Claude Code CLI, driven offline against {@link MessagesStandIn}, each instance with a HOME of its own. Found
 * through {@code HOOKBUS_CLAUDE_BIN}, then {@code claude} on the PATH.
 */
final class ClaudeCodeCli {
    record Result(int exit, String out, String err, long millis) {
    }

    private final Path binary;
    private final Path home;
    private final String modelUrl;

    ClaudeCodeCli(Path binary, Path home, String modelUrl) throws IOException {
        this.binary = binary;
        this.home = Files.createDirectories(home);
        this.modelUrl = modelUrl;
    }

    /** The CLI, or null when this machine has none. */
    static Path locate() {
        String configured = System.getenv("HOOKBUS_CLAUDE_BIN");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "claude");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    Path home() {
        return home;
    }

    Result run(Path workingDir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CLAUDE") || k.startsWith("ANTHROPIC"));
        env.putAll(new HashMap<>(Map.of("HOME", home.toString(), "ANTHROPIC_BASE_URL", modelUrl, "ANTHROPIC_API_KEY", "sk-ant-standin",
                "DISABLE_TELEMETRY", "1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "DISABLE_AUTOUPDATER", "1")));
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("claude " + String.join(" ", args) + " did not finish within 180 s");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err), millis);
    }

    /** A headless session in {@code project}: the stand-in decides which tools it runs. */
    Result session(Path project, String prompt) throws IOException, InterruptedException {
        Result result = run(project, null, "-p", prompt, "--allowedTools", "Write,Edit,Read", "--output-format", "json");
        if (result.exit() != 0) {
            throw new IllegalStateException("claude -p failed (" + result.exit() + "): " + result.out() + result.err());
        }
        return result;
    }

    /** Adds the marketplace at {@code marketplace}, installs hookbus from it and sets its options. */
    void installPlugin(Path marketplace, String optionsJson) throws IOException, InterruptedException {
        for (Result r : List.of(run(marketplace, null, "plugin", "marketplace", "add", marketplace.toString()),
                run(marketplace, null, "plugin", "install", "hookbus@hookbus"),
                run(marketplace, optionsJson, "plugin", "configure", "hookbus@hookbus", "--values-stdin"))) {
            if (r.exit() != 0) {
                throw new IllegalStateException("claude plugin setup failed (" + r.exit() + "): " + r.out() + r.err());
            }
        }
    }
}
