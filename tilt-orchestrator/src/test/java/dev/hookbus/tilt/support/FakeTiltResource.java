package dev.hookbus.tilt.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every test of the service runs against one fake Tilt and one test workspace per JVM (tests set their own scenario):
 * the shipped citadel pipeline pointed at that workspace.
 */
public class FakeTiltResource implements QuarkusTestResourceLifecycleManager {
    private static FakeTilt tilt;
    private static Path workspace;

    public static synchronized FakeTilt tilt() {
        if (tilt == null) {
            try {
                Path home = Files.createTempDirectory("hookbus-tilt-test");
                tilt = new FakeTilt(home);
                workspace = home.resolve("citadel-workspace");
                TestPipelines.citadel(workspace, home.resolve("pipelines"), "300ms");
                tilt.scenario(CitadelScenarios.allGreen());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tilt;
    }

    public static Path workspace() {
        tilt();
        return workspace;
    }

    @Override
    public Map<String, String> start() {
        FakeTilt t = tilt();
        return Map.of("tilt.binary", t.binary(), "tilt.pipelines-dir", t.home().resolve("pipelines").toString(),
                "tilt.poll-interval", "50ms", "tilt.stop-hook-wait", "20s");
    }

    @Override
    public void stop() {
    }
}
