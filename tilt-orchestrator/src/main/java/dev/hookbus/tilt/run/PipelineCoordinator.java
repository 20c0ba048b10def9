package dev.hookbus.tilt.run;

import dev.hookbus.tilt.pipeline.Pipeline;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Single flight per pipeline: at most one run executes; whatever arrives meanwhile joins ONE queued follow-up run,
 * which starts when the current one ends and the changes have been quiet for the debounce time.
 */
public final class PipelineCoordinator {
    private final Pipeline pipeline;
    private final RunExecutor executor;
    private final ScheduledExecutorService timer;
    private final ExecutorService runner;
    private final RunListener listener;
    private final Clock clock;

    private RunRecord running;
    private RunRecord pending;
    private final List<Runnable> pendingSettled = new ArrayList<>();
    private ScheduledFuture<?> pendingStart;
    private long quietUntilNanos;

    public PipelineCoordinator(Pipeline pipeline, RunExecutor executor, ScheduledExecutorService timer, ExecutorService runner,
            RunListener listener, Clock clock) {
        this.pipeline = pipeline;
        this.executor = executor;
        this.timer = timer;
        this.runner = runner;
        this.listener = listener;
        this.clock = clock;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * Adds work to the queued run (creating it), and returns that run.
     *
     * @param resources steps required (empty: every step)
     * @param debounce whether to wait for quiet (hook events) or start as soon as the pipeline is free (a person asked)
     * @param settled runs once the run covering this work has finished (Kafka acks the events then)
     */
    public synchronized RunRecord submit(List<String> resources, String projectRoot, String trigger, int changedPaths, boolean debounce,
            Optional<Duration> stepTimeout, Runnable settled) {
        boolean created = false;
        if (pending == null) {
            pending = new RunRecord(pipeline.name(), projectRoot, clock.instant(), stepTimeout);
            created = true;
        }
        pending.request(resources.isEmpty() ? pipeline.steps().stream().map(s -> s.resource()).toList() : resources, trigger, changedPaths);
        if (settled != null) {
            pendingSettled.add(settled);
        }
        RunRecord queued = pending;
        if (created) {
            listener.runQueued(queued);
        }
        long delay = debounce ? pipeline.debounce().toNanos() : 0;
        quietUntilNanos = Math.max(debounce ? quietUntilNanos : 0, System.nanoTime() + delay);
        if (running == null) {
            schedulePendingStart();
        }
        return queued;
    }

    /** Cancels the running run and drops the queued one; returns the runs affected. */
    public synchronized List<RunRecord> cancel() {
        List<RunRecord> affected = new ArrayList<>();
        if (running != null) {
            running.cancel();
            affected.add(running);
        }
        if (pending != null) {
            RunRecord dropped = pending;
            List<Runnable> settled = List.copyOf(pendingSettled);
            pending = null;
            pendingSettled.clear();
            if (pendingStart != null) {
                pendingStart.cancel(false);
            }
            dropped.cancel();
            runner.submit(() -> {
                executorFinishCancelled(dropped);
                settled.forEach(PipelineCoordinator::safely);
            });
            affected.add(dropped);
        }
        return affected;
    }

    private void executorFinishCancelled(RunRecord dropped) {
        // a queued run that never started still ends with one verdict (its first step, cancelled)
        executor.execute(pipeline, dropped, listener);
    }

    private void schedulePendingStart() {
        if (pendingStart != null) {
            pendingStart.cancel(false);
        }
        long delay = Math.max(0, quietUntilNanos - System.nanoTime());
        pendingStart = timer.schedule(this::startPending, delay, TimeUnit.NANOSECONDS);
    }

    private synchronized void startPending() {
        if (running != null || pending == null) {
            return;
        }
        if (quietUntilNanos - System.nanoTime() > 0) {
            schedulePendingStart();
            return;
        }
        RunRecord run = pending;
        List<Runnable> settled = List.copyOf(pendingSettled);
        pending = null;
        pendingSettled.clear();
        pendingStart = null;
        running = run;
        runner.submit(() -> {
            try {
                executor.execute(pipeline, run, listener);
            } finally {
                settled.forEach(PipelineCoordinator::safely);
                finished(run);
            }
        });
    }

    private synchronized void finished(RunRecord run) {
        if (running == run) {
            running = null;
        }
        if (pending != null) {
            schedulePendingStart();
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // an ack that fails is Kafka's to redeliver; the run itself is done
        }
    }
}
