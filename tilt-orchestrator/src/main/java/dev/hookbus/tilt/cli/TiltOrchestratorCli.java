package dev.hookbus.tilt.cli;

import dev.hookbus.tilt.driver.TiltClient;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.pipeline.PipelineException;
import dev.hookbus.tilt.pipeline.PipelineLoader;
import dev.hookbus.tilt.run.RunExecutor;
import dev.hookbus.tilt.run.RunListener;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.run.StepOutcome;
import dev.hookbus.tilt.run.StepRecord;
import dev.hookbus.tilt.run.StepRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tilt-orchestrator run <pipeline> [--steps a,b] [--step-timeout S]}: one run for a person, no Kafka needed.
 * Exit codes: 0 success, 1 a step failed, 2 bad configuration or usage, 3 Tilt unreachable, 124 timeout.
 */
public final class TiltOrchestratorCli {
    static final String USAGE = """
            usage: tilt-orchestrator run <pipeline> [--steps a,b,…] [--step-timeout SECONDS]
                                     [--pipelines DIR] [--tilt BINARY] [--port N] [--poll MILLIS]
                   tilt-orchestrator pipelines [--pipelines DIR]
            environment: HOOKBUS_PIPELINES (default ./pipelines), TILT_BIN (default tilt), TILT_PORT""";

    private TiltOrchestratorCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            err.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String pipelinesDir = env.getOrDefault("HOOKBUS_PIPELINES", "pipelines");
        String tiltBin = env.getOrDefault("TILT_BIN", "tilt");
        Integer port = null;
        Optional<Duration> stepTimeout = Optional.empty();
        List<String> steps = List.of();
        Duration poll = Duration.ofMillis(250);
        String pipelineName = null;
        String command = args[0];
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--steps" -> steps = Arrays.stream(value(args, ++i, a).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                    case "--step-timeout" -> stepTimeout = Optional.of(seconds(value(args, ++i, a), a));
                    case "--pipelines" -> pipelinesDir = value(args, ++i, a);
                    case "--tilt" -> tiltBin = value(args, ++i, a);
                    case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                    case "--poll" -> poll = Duration.ofMillis(Long.parseLong(value(args, ++i, a)));
                    default -> {
                        if (a.startsWith("-") || pipelineName != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        pipelineName = a;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("tilt-orchestrator: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Map<String, Pipeline> pipelines = new PipelineLoader(env::get).loadDirectory(Path.of(pipelinesDir));
            if (command.equals("pipelines")) {
                pipelines.values().forEach(p -> out.println(p.name() + "  " + p.workspaceRoot() + "  steps: "
                        + p.steps().stream().map(s -> s.resource()).toList() + "  (" + p.source() + ")"));
                return 0;
            }
            if (!command.equals("run") || pipelineName == null) {
                err.println(USAGE);
                return 2;
            }
            Pipeline pipeline = pipelines.get(pipelineName);
            if (pipeline == null) {
                err.println("tilt-orchestrator: no pipeline '" + pipelineName + "' in " + pipelinesDir + " (pipelines: " + pipelines.keySet() + ")");
                return 2;
            }
            pipeline.select(steps);
            RunRecord run = new RunRecord(pipeline.name(), pipeline.workspaceRoot().toString(), Instant.now(), stepTimeout);
            run.request(steps, "cli", 0);
            TiltClient tilt = new TiltClient(tiltBin, port, Duration.ofSeconds(30), Map.of());
            new RunExecutor(new StepRunner(tilt, poll), Clock.systemUTC()).execute(pipeline, run, progress(err));
            out.println(run.verdict());
            if (run.logPath() != null) {
                err.println("log: " + run.logPath());
            }
            return run.exitCode();
        } catch (PipelineException e) {
            err.println("tilt-orchestrator: " + e.getMessage());
            return 2;
        }
    }

    private static RunListener progress(PrintStream err) {
        return new RunListener() {
            @Override
            public void stepStarted(RunRecord run, StepRecord step) {
                err.println("step " + step.number() + " (" + step.resource() + "): triggering");
            }

            @Override
            public void stepFinished(RunRecord run, StepRecord step, StepOutcome outcome) {
                err.println("step " + step.number() + " (" + step.resource() + "): "
                        + (outcome.ok() ? "ok, " + outcome.buildSpanId() : outcome.reason()));
            }
        };
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static Duration seconds(String text, String flag) {
        try {
            double s = Double.parseDouble(text);
            if (s <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + text + "' is not a positive number of seconds");
        }
    }
}
