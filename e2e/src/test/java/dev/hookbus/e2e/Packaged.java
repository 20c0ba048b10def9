package dev.hookbus.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** This checkout's root and its packaged services (this module depends on them, so Maven has built them first). */
final class Packaged {
    private Packaged() {
    }

    static Path checkout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("claude-plugin"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside a hookbus checkout: " + Path.of("").toAbsolutePath());
    }

    static Path service(String module) {
        Path jar = checkout().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged: run ./mvnw package -pl e2e -am first");
        }
        return jar;
    }

    /** The module's own JVM options as {@code bin/hookbus} and the image pass them: its {@code jvm.options} argument file. */
    static List<String> jvmOptions(String module) {
        Path options = checkout().resolve(module).resolve("jvm.options");
        if (!Files.isRegularFile(options)) {
            throw new IllegalStateException(module + " has no jvm.options in " + checkout());
        }
        return List.of("@" + options);
    }
}
