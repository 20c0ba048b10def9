package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.devstack.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order the README suggests: {@code bin/hookbus up ROOT}, then at once {@code bin/validator check ROOT} while the
 * stack still backfills (a report, exit 0 or 2, never 1), then {@code --auto-sync --wait} to zero drift.
 */
class LauncherUpThenCheckTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out) {
    }

    @Test
    void upThenCheckAtOnceReportsThenAutoSyncEndsInSync() throws Exception {
        Path root = tmp.resolve("roots");
        for (int i = 0; i < 40; i++) {
            Path agent = root.resolve("upmkt/plugins/p" + (i % 4) + "/agents/a" + i + ".md");
            Files.createDirectories(agent.getParent());
            Files.writeString(agent, "---\nname: a" + i + "\ndescription: agent " + i + "\n---\n");
        }
        Map<String, String> env = new HashMap<>();
        int kafka = FreePorts.next();
        int emulator = FreePorts.next();
        env.put("HOOKBUS_STATE_DIR", tmp.resolve("state").toString());
        env.put("HOOKBUS_KAFKA_PORT", Integer.toString(kafka));
        env.put("HOOKBUS_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_EMULATOR_PORT", Integer.toString(emulator));
        env.put("HOOKBUS_INGEST_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_SYNC_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_TILT_PORT", Integer.toString(FreePorts.next()));
        env.put("HOOKBUS_VALIDATOR_PORT", Integer.toString(FreePorts.next()));
        Map<String, String> cli = new HashMap<>(env);
        cli.put("AIRTABLE_API_URL", "http://127.0.0.1:" + emulator + "/v0");
        cli.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafka);
        try {
            Run up = run(env, "bin/hookbus", "up", root.toString());
            assertThat(up.exit()).as(up.out()).isZero();

            Run check = run(cli, "bin/validator", "check", root.toString());
            assertThat(check.exit()).as(check.out()).isIn(0, 2);
            assertThat(check.out()).contains("hookbus validator: base").doesNotContain("validator: Airtable refused");

            Run repaired = run(cli, "bin/validator", "check", "--auto-sync", "--wait", root.toString());
            assertThat(repaired.exit()).as(repaired.out()).isZero();
            System.out.printf("up then check: first check exit %d%s; --auto-sync --wait exit %d%s%n", check.exit(),
                    check.out().contains("Airtable rate limit") ? " (waited out a 429)" : "", repaired.exit(),
                    repaired.out().contains("Airtable rate limit") ? " (waited out a 429)" : "");
            assertThat(repaired.out()).contains("In sync");
        } finally {
            run(env, "bin/hookbus", "down");
        }
    }

    Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        args.set(0, Packaged.checkout().resolve(command[0]).toString());
        ProcessBuilder builder = new ProcessBuilder(args).directory(Packaged.checkout().toFile()).redirectErrorStream(true);
        builder.environment().remove("AIRTABLE_TOKEN");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
