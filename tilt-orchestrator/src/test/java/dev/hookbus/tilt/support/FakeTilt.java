package dev.hookbus.tilt.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.devstack.FakeTiltScript;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake {@code tilt} script ({@link FakeTiltScript}, Python, no JVM) behind a wrapper executable that
 * points it at this object's state directory. Scenarios are built here and written as scenario.json.
 */
public final class FakeTilt {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path state;
    private final Path binary;

    public FakeTilt(Path home) {
        this.home = home;
        this.state = home.resolve("tilt-state");
        this.binary = FakeTiltScript.install(home, state);
    }

    public Path home() {
        return home;
    }

    public String binary() {
        return binary.toString();
    }

    /** Starts a new world: the scenario replaces the old one and the clock starts now. */
    public void scenario(Scenario scenario) {
        try {
            Files.deleteIfExists(state.resolve("state.json"));
            Files.write(state.resolve("scenario.json"), JSON.writeValueAsBytes(scenario.json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** state.json: builds (resource, span, start, end) and trigger calls (resource, at), times in epoch seconds. */
    public JsonNode state() {
        try {
            Path file = state.resolve("state.json");
            return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> triggeredResources() {
        List<String> names = new ArrayList<>();
        state().path("triggers").forEach(t -> names.add(t.path("resource").asText()));
        return names;
    }

    public static Scenario scenario() {
        return new Scenario();
    }

    public static Build build() {
        return new Build();
    }

    /** scenario.json, fluently. */
    public static final class Scenario {
        final Map<String, Object> json = new LinkedHashMap<>();
        final Map<String, Object> resources = new LinkedHashMap<>();

        Scenario() {
            json.put("running", true);
            json.put("nextSpan", 1);
            json.put("queueDelay", 0.05);
            json.put("statusLag", 0.0);
            json.put("resources", resources);
        }

        public Scenario tiltDown() {
            json.put("running", false);
            return this;
        }

        public Scenario statusLag(double seconds) {
            json.put("statusLag", seconds);
            return this;
        }

        public Scenario resource(String name, Resource resource) {
            resources.put(name, resource.json);
            return this;
        }
    }

    public static Resource resource() {
        return new Resource();
    }

    /** One Tilt resource of a scenario. */
    public static final class Resource {
        final Map<String, Object> json = new LinkedHashMap<>();

        public Resource disabled() {
            json.put("disabled", true);
            return this;
        }

        /** A finished build from before the scenario (Tilt shows it as buildHistory[0]). */
        public Resource history(Build... builds) {
            json.put("history", List.of(builds).stream().map(b -> b.json).toList());
            return this;
        }

        /** A build already running when the scenario starts. */
        public Resource current(Build build) {
            json.put("current", build.json);
            return this;
        }

        /** What triggered builds do, in order; the last repeats. */
        public Resource builds(Build... builds) {
            json.put("builds", List.of(builds).stream().map(b -> b.json).toList());
            return this;
        }
    }

    /** One build of a resource. */
    public static final class Build {
        final Map<String, Object> json = new LinkedHashMap<>();

        Build() {
            json.put("duration", 0.2);
        }

        public Build duration(double seconds) {
            json.put("duration", seconds);
            return this;
        }

        public Build fails(String error) {
            json.put("error", error);
            return this;
        }

        public Build lines(String... lines) {
            json.put("lines", List.of(lines));
            return this;
        }

        public Build runtime(String... lines) {
            json.put("runtime", List.of(lines));
            return this;
        }

        public Build runtimeDelay(double seconds) {
            json.put("runtimeDelay", seconds);
            return this;
        }

        public Build hangs() {
            json.put("hang", true);
            return this;
        }
    }
}
