package dev.hookbus.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs this checkout's commands ({@code bin/hookbus}, {@code bin/validator}) as a user would, with a bounded wait. */
final class Checkout {
    record Run(int exit, String out) {
    }

    /** The environment of a local stack on free ports, its state under {@code state}. */
    static Map<String, String> stackOnFreePorts(Path state) {
        Map<String, String> env = new HashMap<>();
        env.put("HOOKBUS_STATE_DIR", state.toString());
        env.put("HOOKBUS_KAFKA_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        env.put("HOOKBUS_KAFKA_CONTROLLER_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        env.put("HOOKBUS_EMULATOR_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        env.put("HOOKBUS_INGEST_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        env.put("HOOKBUS_SYNC_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        env.put("HOOKBUS_TILT_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        env.put("HOOKBUS_VALIDATOR_PORT", Integer.toString(dev.hookbus.devstack.FreePorts.next()));
        return env;
    }

    private Checkout() {
    }

    /** {@code command[0]} is relative to the checkout; output and errors together; the user's Airtable and Kafka settings dropped. */
    static Run run(Path tmp, Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        args.set(0, Packaged.checkout().resolve(command[0]).toString());
        ProcessBuilder builder = new ProcessBuilder(args).directory(Packaged.checkout().toFile()).redirectErrorStream(true);
        builder.environment().remove("AIRTABLE_TOKEN");
        builder.environment().remove("AIRTABLE_API_URL");
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
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
