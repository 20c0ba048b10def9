package dev.hookbus.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The packaged Airtable emulator as a child process, with its admin API for tests. */
public final class AirtableEmulatorProcess implements AutoCloseable {
    public static final String TOKEN = "patDevstackEmulator.test";
    public static final String BASE_ID = "appHookbusLocal01";

    private final ServiceProcess process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public AirtableEmulatorProcess(Path workDir, Duration penalty) {
        this(workDir, penalty, List.of());
    }

    /** @param catalogBases further bases with the catalog layout, by id, beside {@link #BASE_ID} */
    public AirtableEmulatorProcess(Path workDir, Duration penalty, List<String> catalogBases) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("emulator.tokens", TOKEN, "emulator.rate-limit.penalty", penalty.toString(),
                "quarkus.log.level", "WARN"));
        if (!catalogBases.isEmpty()) {
            settings.put("emulator.catalog-bases", String.join(",", catalogBases));
        }
        this.process = new ServiceProcess("airtable-emulator", locateJar(), settings, workDir);
    }

    /** {@code airtable-emulator/target/quarkus-app/quarkus-run.jar} of this checkout, found from the working directory. */
    static Path locateJar() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path jar = dir.resolve("airtable-emulator/target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("airtable-emulator is not packaged: run ./mvnw package -pl airtable-emulator first");
    }

    public AirtableEmulatorProcess start() {
        process.start(Duration.ofSeconds(60));
        return this;
    }

    public String apiUrl() {
        return process.baseUrl() + "/v0";
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    /** Admin API call; returns the body. */
    public String admin(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(process.baseUrl() + "/admin/" + path))
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("emulator admin " + method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("emulator admin unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Web API GET with the token; returns the body. */
    public String get(String pathAndQuery) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(apiUrl() + pathAndQuery)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }
}
