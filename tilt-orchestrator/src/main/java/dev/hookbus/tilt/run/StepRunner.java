package dev.hookbus.tilt.run;

import dev.hookbus.events.TiltRunEvent.Failure;
import dev.hookbus.tilt.driver.TiltClient;
import dev.hookbus.tilt.driver.TiltException;
import dev.hookbus.tilt.driver.TiltLogLine;
import dev.hookbus.tilt.driver.UiResourceStatus;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.pipeline.PipelineStep;
import dev.hookbus.tilt.pipeline.RemediationRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one step honestly: remember the newest build Tilt knows (finished or running), trigger, wait for a build with a
 * HIGHER number to finish, judge it by its own lines (span id), and for runtime steps also by the runtime lines that
 * come after it. A failure matching a remediation rule runs the rule's command once per run and triggers again.
 */
public final class StepRunner {
    static final int LOG_LINES = 100;

    private final TiltClient tilt;
    private final Duration pollInterval;

    public StepRunner(TiltClient tilt, Duration pollInterval) {
        this.tilt = tilt;
        this.pollInterval = pollInterval;
    }

    /** Thrown out of the waits when the run is cancelled. */
    private static final class Cancelled extends Exception {
    }

    /** Thrown out of the waits when the step's time is up. */
    private static final class TimedOut extends Exception {
        final String spanId;

        TimedOut(String spanId) {
            this.spanId = spanId;
        }
    }

    public StepOutcome run(Pipeline pipeline, PipelineStep step, RunRecord run, StepRecord record, Set<RemediationRule> usedRemediations,
            RunListener listener) throws InterruptedException {
        long deadline = System.nanoTime() + step.timeout().toNanos();
        String resource = step.resource();
        String waitingFor = null;
        try {
            while (true) {
                UiResourceStatus before = tilt.status(resource);
                if (before.disabled()) {
                    return StepOutcome.failed(Failure.DISABLED_RESOURCE, null, "resource is disabled in Tilt", List.of());
                }
                long baseline = before.baseline();
                java.time.Instant triggeredAt = java.time.Instant.now();
                tilt.trigger(resource);
                record.triggered();
                listener.stepTriggered(run, record, baseline);
                waitingFor = "a build after build:" + baseline;

                UiResourceStatus built = awaitNewBuild(resource, baseline, triggeredAt, deadline, run);
                String spanId = "build:" + built.newestFinished();
                waitingFor = spanId;
                StepOutcome outcome = judge(step, built, spanId, deadline, run);
                if (outcome.ok()) {
                    return outcome;
                }
                Optional<RemediationRule> rule = step.remediations().stream()
                        .filter(r -> !usedRemediations.contains(r) && matchesAny(r.pattern(), outcome))
                        .findFirst();
                if (rule.isEmpty()) {
                    return outcome;
                }
                usedRemediations.add(rule.get());
                record.remediated(rule.get().command());
                List<String> output = new ArrayList<>();
                int exit = remediate(pipeline, rule.get(), deadline, output);
                if (exit != 0) {
                    List<String> lines = new ArrayList<>(outcome.lines());
                    lines.add("remediation `" + rule.get().command() + "` in " + rule.get().dir() + " exited with " + exit + ":");
                    lines.addAll(output.subList(Math.max(0, output.size() - 20), output.size()));
                    return StepOutcome.failed(outcome.failure(), outcome.buildSpanId(),
                            outcome.reason() + " (remediation `" + rule.get().command() + "` failed with exit " + exit + ")", lines);
                }
            }
        } catch (TiltException e) {
            return switch (e.kind()) {
                case UNREACHABLE -> StepOutcome.failed(Failure.TILT_UNREACHABLE, null, "Tilt is not reachable: " + e.getMessage(), List.of());
                case UNKNOWN_RESOURCE -> StepOutcome.failed(Failure.UNKNOWN_RESOURCE, null, "resource does not exist in Tilt: " + e.getMessage(),
                        List.of());
                case DISABLED -> StepOutcome.failed(Failure.DISABLED_RESOURCE, null, "resource is disabled in Tilt", List.of());
                case FAILED -> StepOutcome.failed(Failure.OTHER, null, "tilt failed: " + e.getMessage(), List.of());
            };
        } catch (TimedOut e) {
            return StepOutcome.failed(Failure.TIMEOUT, e.spanId, "timed out after " + describe(step.timeout()) + " waiting for " + waitingFor,
                    lastLines(resource));
        } catch (Cancelled e) {
            return StepOutcome.failed(Failure.CANCELLED, null, "cancelled", List.of());
        }
    }

    private UiResourceStatus awaitNewBuild(String resource, long baseline, java.time.Instant triggeredAt, long deadline, RunRecord run)
            throws TiltException, InterruptedException, TimedOut, Cancelled {
        while (true) {
            checkpoint(deadline, run, null);
            UiResourceStatus now = tilt.status(resource);
            if (now.disabled()) {
                throw new TiltException(TiltException.Kind.DISABLED, "resource is disabled");
            }
            // a build that was running at trigger time may not contain the change: only a higher number counts. The API
            // server's copy lags, so a build that had just started may have been invisible at trigger time: it must
            // also have started after the trigger was sent (Tilt and the orchestrator share the machine's clock)
            if (now.newestFinished() > baseline && (now.newestStarted() == null || !now.newestStarted().isBefore(triggeredAt))) {
                return now;
            }
            pause(deadline);
        }
    }

    private StepOutcome judge(PipelineStep step, UiResourceStatus built, String spanId, long deadline, RunRecord run)
            throws TiltException, InterruptedException, TimedOut, Cancelled {
        String resource = step.resource();
        while (true) {
            List<TiltLogLine> all = tilt.logs(resource);
            int lastOfBuild = -1;
            List<String> buildLines = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).isBuildOf(spanId)) {
                    lastOfBuild = i;
                    buildLines.add(all.get(i).display());
                }
            }
            if (!built.newestError().isEmpty()) {
                List<String> lines = withError(buildLines, built.newestError());
                return StepOutcome.failed(Failure.BUILD_ERROR, spanId, "build error: " + oneLine(built.newestError()), tail(lines));
            }
            for (String line : buildLines) {
                Optional<Pattern> error = firstMatch(step.errorPatterns(), line);
                if (error.isPresent()) {
                    return StepOutcome.failed(Failure.BUILD_ERROR, spanId, "build error: " + oneLine(stripSpan(line)), tail(buildLines));
                }
            }
            if (!step.runtime()) {
                if (step.successPattern().isPresent() && buildLines.stream().noneMatch(l -> step.successPattern().get().matcher(l).find())) {
                    return StepOutcome.failed(Failure.BUILD_ERROR, spanId,
                            spanId + " finished without '" + step.successPattern().get().pattern() + "'", tail(buildLines));
                }
                return StepOutcome.success(spanId, tail(buildLines));
            }
            // runtime work (cargo run in a compose service): only runtime lines AFTER the new build count
            List<String> stepLines = new ArrayList<>(buildLines);
            for (int i = lastOfBuild + 1; i < all.size(); i++) {
                TiltLogLine line = all.get(i);
                if (line.isBuildLine()) {
                    continue;
                }
                stepLines.add(line.display());
                Optional<Pattern> error = firstMatch(step.errorPatterns(), line.message());
                if (error.isPresent()) {
                    return StepOutcome.failed(Failure.RUNTIME_ERROR, spanId, "runtime error after " + spanId + ": " + oneLine(line.message()),
                            tail(stepLines));
                }
                if (step.successPattern().get().matcher(line.message()).find()) {
                    return StepOutcome.success(spanId, tail(stepLines));
                }
            }
            checkpoint(deadline, run, spanId);
            pause(deadline);
        }
    }

    /** Runs the rule's command; its output lines go to {@code output} (for the error log when it fails). */
    private int remediate(Pipeline pipeline, RemediationRule rule, long deadline, List<String> output) throws InterruptedException {
        Path dir = pipeline.workspaceRoot().resolve(rule.dir()).normalize();
        try {
            Path log = Files.createTempFile("hookbus-remediation", ".log");
            try {
                Process p = new ProcessBuilder("sh", "-c", rule.command()).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                long remaining = Math.max(1, deadline - System.nanoTime());
                boolean ended = p.waitFor(remaining, TimeUnit.NANOSECONDS);
                if (!ended) {
                    p.destroyForcibly();
                }
                output.addAll(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList());
                return ended ? p.exitValue() : 124;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            output.add("cannot run the remediation in " + dir + ": " + e.getMessage());
            return 127;
        }
    }

    private List<String> lastLines(String resource) {
        try {
            return tail(tilt.logs(resource).stream().map(TiltLogLine::display).toList());
        } catch (TiltException e) {
            return List.of("(no logs: " + e.getMessage() + ")");
        }
    }

    private void checkpoint(long deadline, RunRecord run, String spanId) throws TimedOut, Cancelled {
        if (run.cancelRequested()) {
            throw new Cancelled();
        }
        if (System.nanoTime() - deadline >= 0) {
            throw new TimedOut(spanId);
        }
    }

    private void pause(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        long nanos = Math.max(0, Math.min(pollInterval.toNanos(), left));
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    private static boolean matchesAny(Pattern pattern, StepOutcome outcome) {
        return (outcome.reason() != null && pattern.matcher(outcome.reason()).find())
                || outcome.lines().stream().anyMatch(l -> pattern.matcher(l).find());
    }

    private static Optional<Pattern> firstMatch(List<Pattern> patterns, String line) {
        return patterns.stream().filter(p -> p.matcher(line).find()).findFirst();
    }

    private static List<String> withError(List<String> lines, String error) {
        List<String> all = new ArrayList<>(lines);
        if (lines.stream().noneMatch(l -> l.contains(error))) {
            all.add("Build Failed: " + error);
        }
        return all;
    }

    static List<String> tail(List<String> lines) {
        return List.copyOf(lines.size() <= LOG_LINES ? lines : lines.subList(lines.size() - LOG_LINES, lines.size()));
    }

    private static String stripSpan(String display) {
        int end = display.indexOf("] ");
        return end > 0 && display.startsWith("[") ? display.substring(end + 2) : display;
    }

    private static String oneLine(String text) {
        String line = text.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse(text.strip());
        return line.length() > 240 ? line.substring(0, 240) + "…" : line;
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
