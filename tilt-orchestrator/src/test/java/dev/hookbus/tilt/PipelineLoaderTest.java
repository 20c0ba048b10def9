package dev.hookbus.tilt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookbus.tilt.pipeline.Glob;
import dev.hookbus.tilt.pipeline.Pipeline;
import dev.hookbus.tilt.pipeline.PipelineException;
import dev.hookbus.tilt.pipeline.PipelineLoader;
import dev.hookbus.tilt.pipeline.PipelineStep;
import dev.hookbus.tilt.support.TestPipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderTest {
    static final List<String> ALL = List.of("sync-wasm-client", "server", "internal-service", "ui");

    @TempDir
    Path dir;

    Pipeline citadel() {
        return new PipelineLoader(Map.of("CITADEL_WORKSPACE", "/work/citadel")::get).load(TestPipelines.SHIPPED);
    }

    @Test
    void shippedCitadelPipelineHasTheDesignPathTable() {
        Pipeline p = citadel();
        assertThat(p.name()).isEqualTo("citadel");
        assertThat(p.workspaceRoot()).isEqualTo(Path.of("/work/citadel"));
        assertThat(p.steps()).extracting(PipelineStep::resource).containsExactlyElementsOf(ALL);
        assertThat(p.steps()).extracting(PipelineStep::number).containsExactly(1, 2, 3, 4);
        assertThat(p.requiredBy(List.of("citadel-workspace-types/src/lib.rs"))).containsExactlyElementsOf(ALL);
        assertThat(p.requiredBy(List.of("citadel-workspace-server-kernel/src/kernel.rs"))).containsExactly("server", "ui");
        assertThat(p.requiredBy(List.of("citadel-internal-service/src/main.rs"))).containsExactly("sync-wasm-client", "internal-service", "ui");
        assertThat(p.requiredBy(List.of("Tiltfile"))).containsExactlyElementsOf(ALL);
        assertThat(p.requiredBy(List.of("docker/server.Dockerfile"))).containsExactlyElementsOf(ALL);
        assertThat(p.requiredBy(List.of("citadel-workspaces/src/App.tsx", "README.md", "docs/notes.md", "Cargo.lock",
                "citadel-workspaces/package-lock.json"))).isEmpty();
        // the union of several changes, always in pipeline order
        assertThat(p.requiredBy(List.of("citadel-workspace-server-kernel/a.rs", "citadel-internal-service/b.rs"))).containsExactlyElementsOf(ALL);
    }

    @Test
    void shippedStepsCarryTheKnownRemediationAndRuntimeSignals() {
        Pipeline p = citadel();
        PipelineStep wasm = p.step("sync-wasm-client").orElseThrow();
        assertThat(wasm.runtime()).isFalse();
        assertThat(wasm.remediations()).singleElement().satisfies(r -> {
            assertThat(r.command()).isEqualTo("npm install");
            assertThat(r.pattern().matcher("error TS2688: Cannot find type definition file for 'node'.").find()).isTrue();
        });
        PipelineStep server = p.step("server").orElseThrow();
        assertThat(server.runtime()).isTrue();
        assertThat(server.successPattern().orElseThrow().matcher(
                "     Running `target/debug/citadel-workspace-server-kernel --config /usr/src/app/kernel.toml`").find()).isTrue();
        assertThat(server.errorPatterns()).anyMatch(e -> e.matcher("error[E0425]: cannot find value `x` in this scope").find());
        assertThat(server.errorPatterns()).noneMatch(e -> e.matcher("0 errors, 0 warnings").find());
        assertThat(wasm.errorPatterns()).noneMatch(e -> e.matcher("Found 0 errors. Watching for file changes.").find());
    }

    @Test
    void pathsOutsideTheWorkspaceAreNotItsChanges() {
        Pipeline p = citadel();
        assertThat(p.relativize("/work/citadel", List.of("/work/citadel/citadel-workspace-types/a.rs", "/elsewhere/b.rs", "relative/c.rs")))
                .containsExactly("citadel-workspace-types/a.rs", "relative/c.rs");
        assertThat(p.covers("/work/citadel/citadel-workspaces")).isTrue();
        assertThat(p.covers("/work/citadel-other")).isFalse();
    }

    @Test
    void globsCrossDirectoriesOnlyWithDoubleStar() {
        assertThat(Glob.of("**/*.md").matches("README.md")).isTrue();
        assertThat(Glob.of("**/*.md").matches("a/b/NOTES.md")).isTrue();
        assertThat(Glob.of("*.md").matches("a/NOTES.md")).isFalse();
        assertThat(Glob.of("src/**").matches("src/a/b.rs")).isTrue();
        assertThat(Glob.of("src/**").matches("srcx/a.rs")).isFalse();
        assertThat(Glob.of("a?c.txt").matches("abc.txt")).isTrue();
        assertThat(Glob.of("a.c").matches("abc")).isFalse();
    }

    @Test
    void defaultsApplyWhenOmitted() throws IOException {
        Path file = Files.writeString(dir.resolve("p.yaml"), "name: tiny\nworkspaceRoot: /w\nsteps:\n  - resource: api\n");
        Pipeline p = new PipelineLoader(k -> null).load(file);
        assertThat(p.debounce()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.step("api").orElseThrow().timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.logsDir()).isEqualTo(Path.of("/w/logs"));
        assertThat(p.requiredBy(List.of("x.rs"))).isEmpty();
    }

    @Test
    void everyBadFileIsOneClearLineNamingTheFileAndField() throws IOException {
        Map<String, String> cases = Map.of(
                "name: x\nsteps: [", "not valid YAML",
                "workspaceRoot: /w\nsteps:\n  - resource: a\n", "name is required",
                "name: x\nworkspaceRoot: /w\nsteps: []\n", "steps must be a non-empty list",
                "name: x\nworkspaceRoot: /w\nsteps:\n  - resource: a\n    timeout: soon\n", "step 1 (a) timeout 'soon' is not a duration",
                "name: x\nworkspaceRoot: /w\nsteps:\n  - resource: a\n    runtime: true\n", "needs a successPattern",
                "name: x\nworkspaceRoot: /w\nsteps:\n  - resource: a\n    errorPatterns: ['(']\n", "is not a regular expression",
                "name: x\nworkspaceRoot: /w\nsteps:\n  - resource: a\npaths:\n  - globs: ['**']\n    steps: [b]\n", "paths[1].steps names 'b'",
                "name: x\nworkspaceRoot: /w\nstep:\n  - resource: a\n", "unknown field step",
                "name: x\nworkspaceRoot: ${NOPE}\nsteps:\n  - resource: a\n", "NOPE is not set");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Files.writeString(dir.resolve("bad.yaml"), c.getKey());
            assertThatThrownBy(() -> new PipelineLoader(k -> null).load(file)).isInstanceOf(PipelineException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(c.getValue())
                    .satisfies(e -> assertThat(e.getMessage().lines().count()).isEqualTo(1));
        }
    }

    @Test
    void unknownPipelineStepsAreRefused() {
        assertThatThrownBy(() -> citadel().select(List.of("server", "db"))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("no step 'db'");
        assertThat(citadel().select(List.of("ui", "server"))).extracting(PipelineStep::resource).containsExactly("server", "ui");
    }
}
