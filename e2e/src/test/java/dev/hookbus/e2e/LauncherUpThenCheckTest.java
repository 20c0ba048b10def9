package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order the README suggests: {@code bin/hookbus up ROOT}, then at once {@code bin/validator check ROOT} while the
 * stack still backfills (a report, exit 0 or 2, never 1), then {@code --auto-sync --wait} to zero drift.
 */
class LauncherUpThenCheckTest {
    @TempDir
    Path tmp;

    @Test
    void upThenCheckAtOnceReportsThenAutoSyncEndsInSync() throws Exception {
        Path root = tmp.resolve("roots");
        for (int i = 0; i < 40; i++) {
            Path agent = root.resolve("upmkt/plugins/p" + (i % 4) + "/agents/a" + i + ".md");
            Files.createDirectories(agent.getParent());
            Files.writeString(agent, "---\nname: a" + i + "\ndescription: agent " + i + "\n---\n");
        }
        Map<String, String> env = Checkout.stackOnFreePorts(tmp.resolve("state"));
        String kafka = env.get("HOOKBUS_KAFKA_PORT");
        String emulator = env.get("HOOKBUS_EMULATOR_PORT");
        Map<String, String> cli = new HashMap<>(env);
        cli.put("AIRTABLE_API_URL", "http://127.0.0.1:" + emulator + "/v0");
        cli.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka);
        try {
            Checkout.Run up = run(env, "bin/hookbus", "up", root.toString());
            assertThat(up.exit()).as(up.out()).isZero();

            Checkout.Run check = run(cli, "bin/validator", "check", root.toString());
            assertThat(check.exit()).as(check.out()).isIn(0, 2);
            assertThat(check.out()).contains("hookbus validator: base").doesNotContain("validator: Airtable refused");

            Checkout.Run repaired = run(cli, "bin/validator", "check", "--auto-sync", "--wait", root.toString());
            assertThat(repaired.exit()).as(repaired.out()).isZero();
            // one budget for the base: the CLI took its tokens from airtable-sync, the writer, so together they caused no 429
            var stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + emulator + "/admin/stats")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("bases").path("appHookbusLocal01");
            System.out.printf("up then check: first check exit %d; --auto-sync --wait exit %d; %d requests to the base, %d answered 429%n",
                    check.exit(), repaired.exit(), stats.path("requests").asInt(), stats.path("rateLimited").asInt());
            Path emulatorLog = tmp.resolve("state/logs/airtable-emulator.log");
            String arrivals = Files.exists(emulatorLog) ? String.join("\n", Files.readAllLines(emulatorLog).stream().filter(l -> l.contains("429")).toList()) : "";
            assertThat(stats.path("rateLimited").asInt()).as("429s of our own making; the emulator's account of them:%n%s", arrivals).isZero();
            assertThat(check.out() + repaired.out()).doesNotContain("Airtable rate limit").doesNotContain("keeping to this process's own budget");
            assertThat(repaired.out()).contains("In sync");
        } finally {
            run(env, "bin/hookbus", "down");
        }
    }

    Checkout.Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return Checkout.run(tmp, env, command);
    }
}
