package dev.hookbus.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The fake {@code tilt} CLI (Python 3, standard library; Tilt 0.37.6's texts, exit codes and JSON shapes) that every
 * test of a Tilt pipeline drives: a scenario file in {@code $FAKE_TILT_STATE} says what each resource's builds do.
 * Shipped here so that tilt-orchestrator's tests and the end-to-end tests run the same fake.
 */
public final class FakeTiltScript {
    private static Path extracted;

    private FakeTiltScript() {
    }

    /** The script as an executable file (extracted once per JVM). */
    public static synchronized Path path() {
        if (extracted == null) {
            try (InputStream in = FakeTiltScript.class.getResourceAsStream("fake-tilt")) {
                if (in == null) {
                    throw new IllegalStateException("the fake tilt script is missing from devstack");
                }
                Path dir = Files.createTempDirectory("hookbus-fake-tilt");
                Path script = dir.resolve("tilt");
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                script.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                extracted = script;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return extracted;
    }

    /**
     * An executable {@code bin/tilt} under {@code home} that runs the script with its state in {@code state}; the
     * caller writes {@code state/scenario.json}.
     */
    public static Path install(Path home, Path state) {
        try {
            Files.createDirectories(state);
            Path binary = Files.createDirectories(home.resolve("bin")).resolve("tilt");
            // Debian's python3 without site packages starts in ~40 ms: the fake must not be slower than the real Go CLI
            String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3 -S -E" : "python3 -S -E";
            Files.writeString(binary, "#!/bin/sh\nFAKE_TILT_STATE='" + state + "' exec " + python + " '" + path() + "' \"$@\"\n");
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
