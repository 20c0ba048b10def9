package dev.hookbus.tilt.run;

import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.events.TiltRunEvent.Failure;
import dev.hookbus.events.TiltRunEvent.Status;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.pipeline.PipelineStep;
import dev.hookbus.tilt.pipeline.RemediationRule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Executes a run's steps in pipeline order and ends it with exactly one verdict line. */
public final class RunExecutor {
    private final StepRunner steps;
    private final Clock clock;

    public RunExecutor(StepRunner steps, Clock clock) {
        this.steps = steps;
        this.clock = clock;
    }

    /**
     * Runs the requested steps (all of them when none were requested) and returns the finished run. Never throws
     * for what Tilt does; an interrupt cancels the run.
     */
    public RunRecord execute(Pipeline pipeline, RunRecord run, RunListener listener) {
        List<PipelineStep> plan = run.requested().isEmpty() ? pipeline.steps() : pipeline.select(run.requested());
        List<StepRecord> records = run.start(plan, clock.instant());
        listener.runStarted(run);
        Set<RemediationRule> used = new HashSet<>();
        try {
            for (int i = 0; i < plan.size(); i++) {
                PipelineStep step = run.stepTimeout().map(plan.get(i)::withTimeout).orElse(plan.get(i));
                StepRecord record = records.get(i);
                StepOutcome outcome;
                if (run.cancelRequested()) {
                    outcome = StepOutcome.failed(Failure.CANCELLED, null, "cancelled", List.of());
                } else {
                    record.started(clock.instant());
                    listener.stepStarted(run, record);
                    try {
                        outcome = steps.run(pipeline, step, run, record, used, listener);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        outcome = StepOutcome.failed(Failure.CANCELLED, null, "cancelled (the orchestrator is stopping)", List.of());
                    }
                }
                record.finished(outcome, clock.instant());
                listener.stepFinished(run, record, outcome);
                if (!outcome.ok()) {
                    fail(pipeline, run, record, outcome);
                    return run;
                }
            }
            run.finish(Status.SUCCESS, TiltRunEvent.SUCCESS_LINE, null, null, null, clock.instant());
            return run;
        } finally {
            listener.runFinished(run);
            run.completed();
        }
    }

    private void fail(Pipeline pipeline, RunRecord run, StepRecord record, StepOutcome outcome) {
        String verdict = TiltRunEvent.errorLine(record.number(), record.resource(), outcome.reason());
        String logPath;
        try {
            Path log = ErrorLog.write(ErrorLog.dirFor(pipeline), verdict, run, record, outcome, clock.instant());
            logPath = log.toString();
        } catch (IOException e) {
            logPath = null;
        }
        Status status = outcome.failure() == Failure.CANCELLED ? Status.CANCELLED : Status.ERROR;
        run.finish(status, verdict, outcome.failure(), record.number(), logPath, clock.instant());
    }
}
