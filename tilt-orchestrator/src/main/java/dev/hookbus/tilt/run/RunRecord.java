package dev.hookbus.tilt.run;

import dev.hookbus.events.TiltRunEvent.Failure;
import dev.hookbus.events.TiltRunEvent.Status;
import dev.hookbus.tilt.pipeline.PipelineStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a pipeline, from queued (collecting changes) to its verdict. Thread-safe: the runner writes it while REST
 * reads it.
 */
public final class RunRecord {
    private final String runId = UUID.randomUUID().toString();
    private final String pipeline;
    private final String projectRoot;
    private final Instant queuedAt;
    private final Set<String> requested = new LinkedHashSet<>();
    private final List<String> triggers = new ArrayList<>();
    private final CompletableFuture<RunRecord> done = new CompletableFuture<>();
    private final Duration stepTimeout;
    private int changes;
    private volatile boolean cancelRequested;
    private Status status = Status.QUEUED;
    private List<StepRecord> steps = List.of();
    private String verdict;
    private String logPath;
    private Failure failure;
    private Integer failedStep;
    private Instant startedAt;
    private Instant finishedAt;

    /**
     * @param stepTimeout overrides every step's timeout when present (CLI {@code --step-timeout})
     */
    public RunRecord(String pipeline, String projectRoot, Instant queuedAt, Optional<Duration> stepTimeout) {
        this.pipeline = pipeline;
        this.projectRoot = projectRoot;
        this.queuedAt = queuedAt;
        this.stepTimeout = stepTimeout.orElse(null);
    }

    public String runId() {
        return runId;
    }

    public String pipeline() {
        return pipeline;
    }

    public String projectRoot() {
        return projectRoot;
    }

    public synchronized void request(List<String> resources, String trigger, int changedPaths) {
        requested.addAll(resources);
        if (trigger != null && triggers.size() < 50) {
            triggers.add(trigger);
        }
        changes += changedPaths;
    }

    public synchronized Set<String> requested() {
        return Set.copyOf(requested);
    }

    public synchronized String firstTrigger() {
        return triggers.isEmpty() ? null : triggers.get(0);
    }

    public Optional<Duration> stepTimeout() {
        return Optional.ofNullable(stepTimeout);
    }

    public void cancel() {
        cancelRequested = true;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public CompletableFuture<RunRecord> done() {
        return done;
    }

    /** Waits up to {@code bound} for the verdict; true when the run has finished. */
    public boolean awaitFinished(Duration bound) {
        try {
            done.get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finished();
        } catch (java.util.concurrent.ExecutionException e) {
            return finished();
        }
    }

    synchronized List<StepRecord> start(List<PipelineStep> plan, Instant at) {
        steps = plan.stream().map(s -> new StepRecord(s.number(), s.resource())).toList();
        status = Status.RUNNING;
        startedAt = at;
        return steps;
    }

    synchronized void finish(Status finalStatus, String finalVerdict, Failure why, Integer step, String log, Instant at) {
        status = finalStatus;
        verdict = finalVerdict;
        failure = why;
        failedStep = step;
        logPath = log;
        finishedAt = at;
        steps.forEach(StepRecord::skipped);
    }

    void completed() {
        done.complete(this);
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized boolean finished() {
        return status == Status.SUCCESS || status == Status.ERROR || status == Status.CANCELLED;
    }

    public synchronized String verdict() {
        return verdict;
    }

    public synchronized String logPath() {
        return logPath;
    }

    public synchronized Failure failure() {
        return failure;
    }

    public synchronized Integer failedStep() {
        return failedStep;
    }

    public synchronized List<String> stepResources() {
        return steps.stream().map(StepRecord::resource).toList();
    }

    /** 0 success, 1 a step failed (or the run was cancelled), 3 Tilt unreachable, 124 timeout; -1 while not finished. */
    public synchronized int exitCode() {
        if (!finished()) {
            return -1;
        }
        if (status == Status.SUCCESS) {
            return 0;
        }
        if (failure == Failure.TILT_UNREACHABLE) {
            return 3;
        }
        return failure == Failure.TIMEOUT ? 124 : 1;
    }

    public synchronized View view() {
        return new View(runId, pipeline, projectRoot, status, List.copyOf(requested), steps.stream().map(StepRecord::view).toList(),
                verdict, failure, failedStep, logPath, List.copyOf(triggers), changes, queuedAt, startedAt, finishedAt,
                finished() ? exitCode() : null);
    }

    /** A run as REST shows it. */
    public record View(String runId, String pipeline, String projectRoot, Status status, List<String> requestedSteps,
            List<StepRecord.View> steps, String verdict, Failure failure, Integer failedStep, String logPath, List<String> triggers,
            int changedPaths, Instant queuedAt, Instant startedAt, Instant finishedAt, Integer exitCode) {
    }
}
