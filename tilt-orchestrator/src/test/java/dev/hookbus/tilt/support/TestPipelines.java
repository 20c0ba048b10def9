package dev.hookbus.tilt.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The shipped citadel pipeline pointed at a test workspace, with a harmless remediation and short timeouts. */
public final class TestPipelines {
    public static final Path SHIPPED = Path.of("../pipelines/citadel.yaml").toAbsolutePath().normalize();

    private TestPipelines() {
    }

    /** Writes {@code pipelinesDir/citadel.yaml}; the remediation appends to {@code workspace/remediated.txt}. */
    public static Path citadel(Path workspace, Path pipelinesDir, String debounce) {
        try {
            String yaml = Files.readString(SHIPPED);
            Map<String, String> replacements = Map.of(
                    "workspaceRoot: ${CITADEL_WORKSPACE:~/citadel-workspace}", "workspaceRoot: " + workspace,
                    "debounce: 2s", "debounce: " + debounce,
                    "command: npm install", "command: echo installed >> remediated.txt",
                    "dir: citadel-internal-service/typescript-client", "dir: .",
                    "timeout: 10m", "timeout: 20s",
                    "timeout: 5m", "timeout: 20s");
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                if (!yaml.contains(r.getKey())) {
                    throw new IllegalStateException("the shipped pipeline no longer contains '" + r.getKey() + "'");
                }
                yaml = yaml.replace(r.getKey(), r.getValue());
            }
            Files.createDirectories(pipelinesDir);
            Files.createDirectories(workspace);
            return Files.writeString(pipelinesDir.resolve("citadel.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
