package dev.hookbus.tilt;

import static dev.hookbus.tilt.support.CitadelScenarios.allGreen;
import static dev.hookbus.tilt.support.CitadelScenarios.internal;
import static dev.hookbus.tilt.support.CitadelScenarios.internalOk;
import static dev.hookbus.tilt.support.CitadelScenarios.server;
import static dev.hookbus.tilt.support.CitadelScenarios.serverOk;
import static dev.hookbus.tilt.support.CitadelScenarios.ui;
import static dev.hookbus.tilt.support.CitadelScenarios.uiOk;
import static dev.hookbus.tilt.support.CitadelScenarios.wasm;
import static dev.hookbus.tilt.support.CitadelScenarios.wasmOk;
import static dev.hookbus.tilt.support.FakeTilt.build;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.tilt.cli.TiltOrchestratorCli;
import dev.hookbus.tilt.support.FakeTilt;
import dev.hookbus.tilt.support.TestPipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner (through the CLI a person uses) against the fake tilt: every case yields the true verdict. */
class TiltRunnerCliTest {
    @TempDir
    Path dir;
    FakeTilt tilt;
    Path workspace;
    Path pipelines;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        tilt = new FakeTilt(dir.resolve("tilt"));
        workspace = dir.resolve("citadel-workspace");
        pipelines = dir.resolve("pipelines");
        TestPipelines.citadel(workspace, pipelines, "100ms");
    }

    Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--poll", "50"));
        int exit = TiltOrchestratorCli.run(all.toArray(String[]::new), Map.of("HOOKBUS_PIPELINES", pipelines.toString(), "TILT_BIN", tilt.binary()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }

    List<Path> errorLogs() throws IOException {
        Path logs = workspace.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().matches("sync-error-[0-9-]+\\.log")).toList();
        }
    }

    /** Build numbers of a resource's builds started after the scenario began. */
    List<Long> newSpans(String resource) {
        List<Long> spans = new ArrayList<>();
        JsonNode state = tilt.state();
        double t0 = state.path("t0").asDouble();
        state.path("builds").forEach(b -> {
            if (b.path("resource").asText().equals(resource) && b.path("triggered").asDouble() >= t0) {
                spans.add(b.path("span").asLong());
            }
        });
        return spans;
    }

    @Test
    void greenStackWithOldHistoryLaggingStatusAndZeroErrorsLineIsSuccess() throws IOException {
        tilt.scenario(allGreen());

        Result r = cli("run", "citadel");

        assertThat(r.out).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(r.exit).isZero();
        assertThat(tilt.triggeredResources()).containsExactly("sync-wasm-client", "server", "internal-service", "ui");
        assertThat(errorLogs()).isEmpty();
        // each step was satisfied by the build its own trigger started, never by the old green history
        for (String resource : List.of("sync-wasm-client", "server", "internal-service", "ui")) {
            assertThat(newSpans(resource)).hasSize(1);
            assertThat(r.err).contains(resource + "): ok, build:" + newSpans(resource).get(0));
        }
    }

    @Test
    void typeDefinitionErrorOnStepOneIsRemediatedOnceThenSucceeds() throws IOException {
        tilt.scenario(allGreen().resource("sync-wasm-client", wasm().builds(
                build().duration(0.2).fails("exit status 2").lines("src/index.ts(1,1): error TS2688: Cannot find type definition file for 'node'."),
                wasmOk())));

        Result r = cli("run", "citadel");

        assertThat(r.out).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(r.exit).isZero();
        assertThat(Files.readAllLines(workspace.resolve("remediated.txt"))).containsExactly("installed");
        assertThat(tilt.triggeredResources()).containsExactly("sync-wasm-client", "sync-wasm-client", "server", "internal-service", "ui");
    }

    @Test
    void aSecondTypeDefinitionErrorIsNotRemediatedTwice() throws IOException {
        tilt.scenario(allGreen().resource("sync-wasm-client", wasm().builds(
                build().duration(0.2).fails("exit status 2").lines("error TS2688: Cannot find type definition file for 'node'."))));

        Result r = cli("run", "citadel");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).isEqualTo(TiltRunEvent.errorLine(1, "sync-wasm-client", "build error: exit status 2"));
        assertThat(Files.readAllLines(workspace.resolve("remediated.txt"))).containsExactly("installed");
        assertThat(tilt.triggeredResources()).containsExactly("sync-wasm-client", "sync-wasm-client");
    }

    @Test
    void aFailingRemediationEndsTheStepWithItsOutputInTheLog() throws IOException {
        Files.createDirectories(workspace.resolve("remediated.txt")); // `echo installed >> remediated.txt` cannot write
        tilt.scenario(allGreen().resource("sync-wasm-client", wasm().builds(
                build().duration(0.2).fails("exit status 2").lines("error TS2688: Cannot find type definition file for 'node'."), wasmOk())));

        Result r = cli("run", "citadel");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).startsWith("ERROR: The sync and deploy process failed at Step 1 (sync-wasm-client): build error: exit status 2 "
                + "(remediation `echo installed >> remediated.txt` failed with exit ");
        assertThat(Files.readString(errorLogs().get(0))).contains("error TS2688").contains("Is a directory");
        assertThat(tilt.triggeredResources()).containsExactly("sync-wasm-client");
    }

    @Test
    void compileErrorAtStepTwoIsAnErrorAtStepTwoWithItsOwnLogs() throws IOException {
        tilt.scenario(allGreen().resource("server", server().builds(build().duration(0.3).fails("exit status 101")
                .lines("   Compiling citadel-workspace-server-kernel v0.1.0", "error[E0599]: no method named `conect` found for struct `Kernel`",
                        "error: could not compile `citadel-workspace-server-kernel` (bin) due to 1 previous error"))));

        Result r = cli("run", "citadel");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).isEqualTo("ERROR: The sync and deploy process failed at Step 2 (server): build error: exit status 101");
        assertThat(tilt.triggeredResources()).containsExactly("sync-wasm-client", "server");
        List<Path> logs = errorLogs();
        assertThat(logs).hasSize(1);
        String log = Files.readString(logs.get(0));
        assertThat(log).startsWith(r.out).contains("error[E0599]: no method named `conect`")
                .doesNotContain("Initial Build"); // the old build's lines are not this step's
        assertThat(r.err).contains("log: " + logs.get(0));
    }

    @Test
    void compileErrorThatAppearsOnlyAtRuntimeAfterAGreenBuildIsAnError() {
        tilt.scenario(allGreen().resource("server", server().builds(build().duration(0.2).lines("Building Dockerfile", "0 errors")
                .runtime("   Compiling citadel-workspace-server-kernel v0.1.0",
                        "error[E0425]: cannot find value `workspace_id` in this scope",
                        "error: could not compile `citadel-workspace-server-kernel` (bin) due to 1 previous error")
                .runtimeDelay(0.2))));

        Result r = cli("run", "citadel", "--steps", "server");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).startsWith("ERROR: The sync and deploy process failed at Step 2 (server): runtime error after build:")
                .endsWith("error[E0425]: cannot find value `workspace_id` in this scope");
    }

    @Test
    void aBuildAlreadyRunningAtTriggerTimeDoesNotCountTheFollowUpDoes() {
        // the running build is green but may not hold the change; Tilt queues one follow-up, which fails
        tilt.scenario(allGreen().resource("server", server().current(serverOk().duration(0.8))
                .builds(build().duration(0.3).fails("exit status 101").lines("error[E0308]: mismatched types"))));

        Result r = cli("run", "citadel", "--steps", "server,ui");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).isEqualTo("ERROR: The sync and deploy process failed at Step 2 (server): build error: exit status 101");
        assertThat(newSpans("server")).hasSize(1);
    }

    @Test
    void aHangingBuildTimesOutWithExit124() throws IOException {
        tilt.scenario(allGreen().resource("server", server().builds(build().hangs().lines("   Compiling tokio v1.40.0"))));

        Result r = cli("run", "citadel", "--steps", "server", "--step-timeout", "1.5");

        assertThat(r.exit).isEqualTo(124);
        assertThat(r.out).startsWith("ERROR: The sync and deploy process failed at Step 2 (server): timed out after 1500 ms");
        assertThat(Files.readString(errorLogs().get(0))).contains("Compiling tokio");
    }

    @Test
    void tiltNotRunningIsExit3() {
        tilt.scenario(allGreen().tiltDown());

        Result r = cli("run", "citadel");

        assertThat(r.exit).isEqualTo(3);
        assertThat(r.out).isEqualTo("ERROR: The sync and deploy process failed at Step 1 (sync-wasm-client): "
                + "Tilt is not reachable: No tilt apiserver found: tilt-default");
    }

    @Test
    void aDisabledResourceFailsItsStep() {
        tilt.scenario(allGreen().resource("ui", ui().disabled().builds(uiOk())));

        Result r = cli("run", "citadel", "--steps", "ui");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).isEqualTo("ERROR: The sync and deploy process failed at Step 4 (ui): resource is disabled in Tilt");
        assertThat(tilt.triggeredResources()).isEmpty();
    }

    @Test
    void anUnknownResourceFailsItsStep() {
        tilt.scenario(FakeTilt.scenario().resource("sync-wasm-client", wasm().builds(wasmOk())).resource("server", server().builds(serverOk())));

        Result r = cli("run", "citadel", "--steps", "internal-service");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).isEqualTo("ERROR: The sync and deploy process failed at Step 3 (internal-service): resource does not exist in Tilt: "
                + "Error from server (NotFound): uiresources.tilt.dev \"internal-service\" not found");
    }

    @Test
    void badConfigurationAndUsageAreExit2WithOneClearLine() throws IOException {
        assertThat(cli("run", "nope").exit).isEqualTo(2);
        assertThat(cli("run", "nope").err).contains("no pipeline 'nope'");
        assertThat(cli("run", "citadel", "--steps", "database").err).contains("has no step 'database'");
        assertThat(cli("run", "citadel", "--step-timeout", "soon").exit).isEqualTo(2);

        Files.writeString(pipelines.resolve("broken.yaml"), "name: broken\nworkspaceRoot: /tmp\nsteps:\n  - resource: a\n    timeout: forever\n");
        Result r = cli("run", "citadel");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err.strip().lines()).hasSize(1);
        assertThat(r.err).contains("broken.yaml: step 1 (a) timeout 'forever' is not a duration");
        assertThat(tilt.triggeredResources()).isEmpty();
    }

    @Test
    void internalServiceStepUsesItsOwnRuntimeLine() {
        tilt.scenario(allGreen().resource("internal-service", internal().builds(internalOk())));

        Result r = cli("run", "citadel", "--steps", "sync-wasm-client,internal-service,ui");

        assertThat(r.out).isEqualTo(TiltRunEvent.SUCCESS_LINE);
        assertThat(tilt.triggeredResources()).containsExactly("sync-wasm-client", "internal-service", "ui");
    }
}
