package dev.hookbus.e2e;

import dev.hookbus.devstack.FakeTiltScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-step Tilt pipeline over a Rust project (any {@code *.rs} change rebuilds the {@code api} resource, 200 ms
 * debounce) and the fake {@code tilt} whose {@code api} builds all end the same way.
 */
final class RustPipeline {
    private RustPipeline() {
    }

    /**
     * @param build the fake tilt's BUILD object for every triggered build of {@code api}
     * @return the {@code tilt} executable to hand tilt-orchestrator
     */
    static Path install(Path dir, String name, Path workspace, String build) throws IOException {
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(pipelines.resolve(name + ".yaml"), """
                name: %s
                workspaceRoot: %s
                debounce: 200ms
                logsDir: logs
                ignore: ["logs/**"]
                paths:
                  - globs: ["**/*.rs"]
                    steps: all
                steps:
                  - resource: api
                    timeout: 30s
                    errorPatterns: ["^error(\\\\[E\\\\d+\\\\])?: "]
                """.formatted(name, workspace));
        Path state = dir.resolve("tilt-state");
        Path binary = FakeTiltScript.install(dir.resolve("tilt-home"), state);
        Files.writeString(state.resolve("scenario.json"), "{\"running\":true,\"resources\":{\"api\":{\"triggerMode\":\"manual\","
                + "\"runtimeStatus\":\"not_applicable\",\"history\":[{\"duration\":0.1,\"lines\":[\"ok\"]}],\"builds\":[" + build + "]}}}");
        return binary;
    }

    static Path pipelinesDir(Path dir) {
        return dir.resolve("pipelines");
    }
}
