package dev.hookbus.tilt.run;

import dev.hookbus.tilt.pipeline.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code logs/sync-error-<timestamp>.log}: a failed run's verdict and the failing step's last lines. */
final class ErrorLog {
    private static final int LOG_LINES = StepRunner.LOG_LINES;

    private ErrorLog() {
    }

    /** The pipeline's logs directory; never creates a workspace that does not exist (then a user state directory). */
    static Path dirFor(Pipeline pipeline) {
        if (Files.isDirectory(pipeline.workspaceRoot())) {
            return pipeline.logsDir();
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "hookbus", "logs");
    }

    /** Writes {@code <logsDir>/sync-error-<timestamp>.log}; returns its path. */
    static Path write(Path logsDir, String verdict, RunRecord run, StepRecord step, StepOutcome outcome, java.time.Instant at)
            throws IOException {
        Files.createDirectories(logsDir);
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(java.time.ZoneOffset.UTC).format(at);
        Path file = logsDir.resolve("sync-error-" + stamp + ".log");
        for (int i = 1; Files.exists(file); i++) {
            file = logsDir.resolve("sync-error-" + stamp + "-" + i + ".log");
        }
        StringBuilder text = new StringBuilder();
        text.append(verdict).append('\n');
        text.append("pipeline: ").append(run.pipeline()).append("  run: ").append(run.runId()).append("  step: ").append(step.number())
                .append(" (").append(step.resource()).append(")");
        if (outcome.buildSpanId() != null) {
            text.append("  build: ").append(outcome.buildSpanId());
        }
        text.append('\n').append("--- last ").append(LOG_LINES).append(" lines of step ").append(step.number()).append(" (")
                .append(step.resource()).append(") ---\n");
        outcome.lines().forEach(l -> text.append(l).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }
}
