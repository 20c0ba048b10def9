package dev.hookbus.tilt;

import static dev.hookbus.tilt.support.FakeTilt.build;
import static dev.hookbus.tilt.support.FakeTilt.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.tilt.support.FakeTilt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake tilt answers with the real CLI's texts, shapes and exit codes (shared/FACTS-TILT.md). */
class FakeTiltTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeTilt tilt;

    record Out(int exit, String stdout, String stderr) {
    }

    @BeforeEach
    void setUp() {
        tilt = new FakeTilt(dir);
    }

    Out tilt(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tilt.binary()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), out, err);
    }

    @Test
    void idleResourceOmitsEmptyFieldsAndShowsItsHistory() throws Exception {
        tilt.scenario(FakeTilt.scenario().resource("server", resource().history(build().lines("Initial Build"))));

        JsonNode status = JSON.readTree(tilt("get", "uiresource", "server", "-o", "json").stdout()).path("status");

        assertThat(status.has("currentBuild")).isFalse();
        assertThat(status.has("queued")).isFalse();
        assertThat(status.has("hasPendingChanges")).isFalse();
        assertThat(status.path("buildHistory")).hasSize(1);
        assertThat(status.path("buildHistory").get(0).has("error")).isFalse();
        assertThat(status.path("buildHistory").get(0).path("spanID").asText()).isEqualTo("build:1");
        assertThat(status.path("updateStatus").asText()).isEqualTo("ok");
        JsonNode list = JSON.readTree(tilt("get", "uiresource", "-o", "json").stdout());
        assertThat(list.path("kind").asText()).isEqualTo("List");
    }

    @Test
    void triggerReturnsBeforeTheBuildAndQueuesOneFollowUpOnly() throws Exception {
        tilt.scenario(FakeTilt.scenario().resource("server", resource().current(build().duration(1.0)).builds(build().duration(0.3))));

        Out first = tilt("trigger", "server");
        Out second = tilt("trigger", "server");

        assertThat(first.stdout().strip()).isEqualTo("Successfully triggered update for resource: \"server\"");
        assertThat(first.exit()).isZero();
        assertThat(second.exit()).isZero();
        JsonNode status = JSON.readTree(tilt("get", "uiresource", "server", "-o", "json").stdout()).path("status");
        assertThat(status.path("currentBuild").path("spanID").asText()).isEqualTo("build:1");
        assertThat(status.path("queued").asBoolean()).isTrue();
        assertThat(status.path("updateStatus").asText()).isEqualTo("in_progress");
        assertThat(tilt.state().path("builds")).hasSize(2); // the running one and ONE follow-up
    }

    @Test
    void errorsUseTheCliTextsAndExitCodes() throws Exception {
        tilt.scenario(FakeTilt.scenario().resource("ui", resource().disabled()));

        assertThat(tilt("trigger", "nope")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(1);
            assertThat(o.stderr().strip()).isEqualTo("Error: (404): resource \"nope\" does not exist");
        });
        assertThat(tilt("trigger", "ui").stderr().strip()).isEqualTo("Error: resource \"ui\" is currently disabled");
        assertThat(tilt("get", "uiresource", "nope", "-o", "json").stderr().strip())
                .isEqualTo("Error from server (NotFound): uiresources.tilt.dev \"nope\" not found");

        tilt.scenario(FakeTilt.scenario().tiltDown());
        assertThat(tilt("get", "uiresource", "ui", "-o", "json").stderr().strip()).isEqualTo("No tilt apiserver found: tilt-default");
        assertThat(tilt("get", "uiresource", "ui", "--port", "10351").stderr().strip()).isEqualTo("No tilt apiserver found: tilt-10351");
        Out down = tilt("trigger", "ui");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.stderr()).startsWith("Could not connect to Tilt at http://localhost:10350/api/trigger: ");
    }

    @Test
    void logsHoldOlderBuildsWithFetchTimeAndSpanIds() throws Exception {
        tilt.scenario(FakeTilt.scenario()
                .resource("server", resource().history(build().fails("exit status 101").lines("error[E0308]: mismatched types")))
                .resource("sync-wasm-client-long-name", resource().history(build().lines("WASM client synchronization complete!"))));

        String[] json = tilt("logs", "server", "--json").stdout().strip().split("\n");
        JsonNode last = JSON.readTree(json[json.length - 1]);
        assertThat(last.path("message").asText()).isEqualTo("Build Failed: exit status 101\n");
        assertThat(last.path("spanID").asText()).isEqualTo("build:1");
        assertThat(last.path("level").asText()).isEqualTo("info"); // the CLI's spoofed level, whatever the line says
        assertThat(tilt("logs", "server").stdout()).startsWith("Initial Build\n"); // one resource: no prefix
        String all = tilt("logs").stdout();
        assertThat(all).contains("       server \u2502 error[E0308]: mismatched types");
        assertThat(all).contains("sync-wasm-cl\u2026 \u2502 WASM client synchronization complete!");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void followKeepsPrintingNewLinesUntilStopped() throws Exception {
        tilt.scenario(FakeTilt.scenario().resource("ui", resource().builds(build().duration(0.2).lines("Running cmd: npm run dev")
                .runtime("  VITE v5.4.2  ready in 312 ms"))));
        Process follow = new ProcessBuilder(tilt.binary(), "logs", "ui", "-f").start();
        try {
            assertThat(tilt("trigger", "ui").exit()).isZero();
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                seen.add(line);
                if (line.contains("ready in")) {
                    break;
                }
            }
            assertThat(seen).containsExactly("CLI Trigger", "Running cmd: npm run dev", "  VITE v5.4.2  ready in 312 ms");
            assertThat(follow.isAlive()).isTrue();
        } finally {
            follow.destroy();
        }
    }
}
