package dev.hookbus.tilt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.tilt.driver.TiltClient;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.pipeline.PipelineLoader;
import dev.hookbus.tilt.run.RunExecutor;
import dev.hookbus.tilt.run.RunListener;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.run.StepRunner;
import dev.hookbus.tilt.support.FakeTilt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/bench tilt}: orchestration overhead per step over 100 runs of a two-step pipeline against the fake tilt
 * (no status lag): from the moment the fake's build finished to the moment the next {@code tilt trigger} was issued
 * (step 1 → 2), and to the verdict (step 2 → end). Target: p50 ≤ 0.5 s (the replaced agent polled every 10 s).
 */
public final class TiltBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Duration poll = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 250);
        Path home = Files.createTempDirectory("hookbus-tilt-bench");
        FakeTilt tilt = new FakeTilt(home);
        Path yaml = Files.writeString(home.resolve("bench.yaml"), """
                name: bench
                workspaceRoot: %s
                steps:
                  - resource: first
                    successPattern: "done"
                  - resource: second
                    successPattern: "done"
                """.formatted(home.resolve("ws")));
        Pipeline pipeline = new PipelineLoader(k -> null).load(yaml);
        RunExecutor executor = new RunExecutor(new StepRunner(new TiltClient(tilt.binary(), null, Duration.ofSeconds(30), Map.of()), poll),
                Clock.systemUTC());
        List<Double> nextTrigger = new ArrayList<>();
        List<Double> toVerdict = new ArrayList<>();
        long wall = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            tilt.scenario(FakeTilt.scenario()
                    .resource("first", FakeTilt.resource().builds(FakeTilt.build().duration(0.2).lines("compiling", "done")))
                    .resource("second", FakeTilt.resource().builds(FakeTilt.build().duration(0.2).lines("compiling", "done"))));
            RunRecord run = new RunRecord("bench", home.toString(), Instant.now(), Optional.empty());
            executor.execute(pipeline, run, new RunListener() {
            });
            double verdictAt = System.currentTimeMillis() / 1000.0;
            if (run.exitCode() != 0) {
                throw new IllegalStateException("run " + i + " did not succeed: " + run.verdict());
            }
            JsonNode state = tilt.state();
            double firstEnd = -1;
            double secondEnd = -1;
            for (JsonNode b : state.path("builds")) {
                if (b.path("resource").asText().equals("first")) {
                    firstEnd = b.path("end").asDouble();
                } else {
                    secondEnd = b.path("end").asDouble();
                }
            }
            double secondTrigger = -1;
            for (JsonNode t : state.path("triggers")) {
                if (t.path("resource").asText().equals("second")) {
                    secondTrigger = t.path("at").asDouble();
                }
            }
            nextTrigger.add(secondTrigger - firstEnd);
            toVerdict.add(verdictAt - secondEnd);
        }
        double seconds = (System.nanoTime() - wall) / 1e9;
        System.out.printf("tilt bench: %d runs x 2 steps, poll %d ms, fake builds 0.2 s, wall %.1f s%n", runs, poll.toMillis(), seconds);
        System.out.printf("  build finished -> next trigger issued: p50 %.3f s, p95 %.3f s, max %.3f s%n", pct(nextTrigger, 50),
                pct(nextTrigger, 95), Collections.max(nextTrigger));
        System.out.printf("  last build finished -> verdict:        p50 %.3f s, p95 %.3f s, max %.3f s%n", pct(toVerdict, 50),
                pct(toVerdict, 95), Collections.max(toVerdict));
        System.out.printf("  target p50 <= 0.5 s: %s%n", pct(nextTrigger, 50) <= 0.5 ? "met" : "NOT met");
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
