package dev.hookbus.tilt.service;

import dev.hookbus.tilt.config.TiltConfig;
import dev.hookbus.tilt.driver.TiltClient;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.pipeline.PipelineException;
import dev.hookbus.tilt.pipeline.PipelineLoader;
import dev.hookbus.tilt.run.PipelineCoordinator;
import dev.hookbus.tilt.run.RunExecutor;
import dev.hookbus.tilt.run.RunListener;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.run.StepOutcome;
import dev.hookbus.tilt.run.StepRecord;
import dev.hookbus.tilt.run.StepRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** The pipelines of this service, one single-flight coordinator each; every way to start a run ends here. */
@Startup
@ApplicationScoped
public class Orchestrator {
    private static final Logger LOG = Logger.getLogger(Orchestrator.class);

    @Inject
    TiltConfig config;
    @Inject
    RunRegistry registry;
    @Inject
    RunEventPublisher publisher;
    @Inject
    MeterRegistry meters;

    private final Map<String, PipelineCoordinator> coordinators = new LinkedHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private ScheduledExecutorService timer;
    private ExecutorService runners;
    private TiltClient tilt;

    @PostConstruct
    void start() {
        Map<String, Pipeline> pipelines;
        try {
            pipelines = PipelineLoader.withSystemEnv().loadDirectory(Path.of(config.pipelinesDir()));
        } catch (PipelineException e) {
            throw new IllegalStateException("tilt-orchestrator cannot start: " + e.getMessage()
                    + " (set HOOKBUS_PIPELINES / tilt.pipelines-dir to a directory of pipeline YAML files)");
        }
        tilt = new TiltClient(config.binary(), config.port().orElse(null), config.commandTimeout(), Map.of());
        timer = Executors.newSingleThreadScheduledExecutor(daemon("tilt-debounce"));
        runners = Executors.newCachedThreadPool(daemon("tilt-run"));
        RunExecutor executor = new RunExecutor(new StepRunner(tilt, config.pollInterval()), Clock.systemUTC());
        RunListener listener = RunListener.all(registryListener(), publisher, metricsListener(), logListener());
        pipelines.values().forEach(p -> coordinators.put(p.name(),
                new PipelineCoordinator(p, executor, timer, runners, listener, Clock.systemUTC())));
        meters.gauge("hookbus_tilt_runs_running", running);
        LOG.infof("tilt-orchestrator: pipelines %s from %s, tilt '%s'%s", coordinators.keySet(), config.pipelinesDir(), config.binary(),
                config.port().map(p -> " on port " + p).orElse(""));
    }

    @PreDestroy
    void stop() {
        coordinators.values().forEach(PipelineCoordinator::cancel);
        timer.shutdownNow();
        runners.shutdownNow();
    }

    public Collection<Pipeline> pipelines() {
        return coordinators.values().stream().map(PipelineCoordinator::pipeline).toList();
    }

    public Optional<PipelineCoordinator> coordinator(String pipeline) {
        return Optional.ofNullable(coordinators.get(pipeline));
    }

    public TiltClient tilt() {
        return tilt;
    }

    /** A person or an ops command asks for a run: no debounce; unknown pipeline or step → {@link PipelineException}. */
    public RunRecord request(String pipeline, List<String> steps, String trigger, Optional<Duration> stepTimeout) {
        PipelineCoordinator c = coordinator(pipeline).orElseThrow(() -> new PipelineException("no pipeline '" + pipeline + "' (pipelines: "
                + coordinators.keySet() + ")"));
        c.pipeline().select(steps);
        return c.submit(steps, c.pipeline().workspaceRoot().toString(), trigger, 0, false, stepTimeout, null);
    }

    /**
     * Changed files from a hook event: every pipeline whose workspace holds them gets the steps they require.
     * {@code settled} runs once (after every covering run finished, or at once when nothing needs a run).
     */
    public int changed(String projectRoot, List<String> paths, String trigger, Runnable settled) {
        List<Runnable> submissions = new ArrayList<>();
        AtomicInteger outstanding = new AtomicInteger(1);
        Runnable countDown = () -> {
            if (outstanding.decrementAndGet() == 0) {
                settled.run();
            }
        };
        int runs = 0;
        for (PipelineCoordinator c : coordinators.values()) {
            Pipeline p = c.pipeline();
            List<String> relative = p.relativize(projectRoot, paths);
            List<String> required = p.requiredBy(relative);
            if (required.isEmpty()) {
                continue;
            }
            outstanding.incrementAndGet();
            runs++;
            String root = p.covers(projectRoot) ? projectRoot : p.workspaceRoot().toString();
            submissions.add(() -> c.submit(required, root, trigger, relative.size(), true, Optional.empty(), countDown));
        }
        submissions.forEach(Runnable::run);
        countDown.run();
        return runs;
    }

    /** The latest run of a pipeline, or of a project directory (any directory inside a pipeline's workspace). */
    public Optional<RunRecord> latestRun(String project, String pipeline) {
        if (pipeline != null && !pipeline.isBlank()) {
            return registry.latest(r -> r.pipeline().equals(pipeline));
        }
        List<String> covering = pipelines().stream().filter(p -> p.covers(project)).map(Pipeline::name).toList();
        return registry.latest(r -> covering.contains(r.pipeline()) || RunRegistry.sameProject(r, project));
    }

    /** Cancels the running and queued runs of a pipeline (all pipelines when null). */
    public List<RunRecord> cancel(String pipeline) {
        List<RunRecord> affected = new ArrayList<>();
        for (PipelineCoordinator c : coordinators.values()) {
            if (pipeline == null || c.pipeline().name().equals(pipeline)) {
                affected.addAll(c.cancel());
            }
        }
        return affected;
    }

    private RunListener registryListener() {
        return new RunListener() {
            @Override
            public void runQueued(RunRecord run) {
                registry.add(run);
            }
        };
    }

    private RunListener metricsListener() {
        return new RunListener() {
            @Override
            public void runStarted(RunRecord run) {
                running.incrementAndGet();
            }

            @Override
            public void stepFinished(RunRecord run, StepRecord step, StepOutcome outcome) {
                StepRecord.View v = step.view();
                if (v.startedAt() != null && v.finishedAt() != null) {
                    Timer.builder("hookbus_tilt_step_seconds").description("trigger to verdict, per step")
                            .tag("pipeline", run.pipeline()).tag("resource", step.resource())
                            .tag("outcome", outcome.ok() ? "success" : String.valueOf(outcome.failure()).toLowerCase())
                            .register(meters).record(Duration.between(v.startedAt(), v.finishedAt()));
                }
            }

            @Override
            public void runFinished(RunRecord run) {
                if (run.view().startedAt() != null) {
                    running.decrementAndGet();
                }
                Counter.builder("hookbus_tilt_runs_total").description("finished runs by verdict").tag("pipeline", run.pipeline())
                        .tag("status", run.status().name().toLowerCase()).register(meters).increment();
            }
        };
    }

    private static RunListener logListener() {
        return new RunListener() {
            @Override
            public void runStarted(RunRecord run) {
                LOG.infof("run %s (%s): steps %s, trigger %s", run.runId(), run.pipeline(), run.stepResources(), run.firstTrigger());
            }

            @Override
            public void runFinished(RunRecord run) {
                if (run.logPath() != null) {
                    LOG.warnf("run %s (%s): %s — see %s", run.runId(), run.pipeline(), run.verdict(), run.logPath());
                } else {
                    LOG.infof("run %s (%s): %s", run.runId(), run.pipeline(), run.verdict());
                }
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
