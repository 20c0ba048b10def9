package dev.hookbus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark (not a test; {@code bin/bench sync}): 10,000 change events over 1,000 components through the packaged
 * airtable-sync at the real limit (writer budget 4 requests/s, 30 s penalty), against the emulator. Prints whether the
 * final state is exact, records/s against the 40 records/s ceiling, 429s, and requests against ceil(changes/10).
 */
public final class SyncBench {
    public static void main(String[] args) {
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void run() throws Exception {
        ObjectMapper json = new ObjectMapper();
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        Path work = Files.createTempDirectory("sync-bench");
        try (AirtableEmulatorProcess emulator = new AirtableEmulatorProcess(work.resolve("emulator"), Duration.ofSeconds(30)).start();
                ServiceProcess sync = new ServiceProcess("airtable-sync", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath(),
                        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "airtable.api-url", emulator.apiUrl(), "airtable.token",
                                AirtableEmulatorProcess.TOKEN, "quarkus.log.level", "WARN"), work).start(Duration.ofSeconds(90))) {
            int changes = 10_000;
            int components = 1_000;
            long requestsBefore = stats(json, emulator).path("requests").asLong();
            long start = System.nanoTime();
            Map<String, String> expected = SyncProcessesIT.stream(kafka.bootstrapServers(), "bench", components, changes, Instant.parse("2026-11-30T07:00:00Z"));
            long published = System.nanoTime();
            Map<String, String> actual = new HashMap<>();
            while (!actual.equals(expected) && System.nanoTime() - start < Duration.ofMinutes(20).toNanos()) {
                Thread.sleep(500); // a benchmark's polling interval, not a test's synchronisation
                actual = agents(json, emulator).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonNode stats = stats(json, emulator);
            long requests = stats.path("requests").asLong() - requestsBefore;
            long written = recordsWritten(sync);
            Map<String, String> finalState = actual;
            System.out.printf("sync bench: %d changes over %d components, published in %.1f s%n", changes, components, (published - start) / 1e9);
            System.out.printf("final state exact: %s (%d of %d components hold their last change)%n", actual.equals(expected),
                    expected.entrySet().stream().filter(e -> e.getValue().equals(finalState.get(e.getKey()))).count(), components);
            System.out.printf("wall time %.1f s; Airtable requests %d (limit 1.1 x ceil(changes/10) = %d); 429s %d%n", seconds, requests,
                    (long) Math.ceil(1.1 * Math.ceil(changes / 10.0)), stats.path("rateLimited").asLong());
            System.out.printf("records written %d: %.1f records/s against the 40/s ceiling (target >= 36); requests/s %.2f%n", written,
                    written / seconds, requests / seconds);
        }
        kafka.close();
    }

    /** Records Airtable accepted (created, updated, adopted), from airtable-sync's own metrics. */
    static long recordsWritten(ServiceProcess sync) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sync.baseUrl() + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        long total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("hookbus_sync_records_total{") && (line.contains("CREATED") || line.contains("UPDATED") || line.contains("ADOPTED"))) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    static JsonNode stats(ObjectMapper json, AirtableEmulatorProcess emulator) throws Exception {
        return json.readTree(emulator.admin("GET", "stats", null)).path("bases").path(AirtableEmulatorProcess.BASE_ID);
    }

    static Map<String, String> agents(ObjectMapper json, AirtableEmulatorProcess emulator) throws Exception {
        Map<String, String> out = new HashMap<>();
        json.readTree(emulator.admin("GET", "bases/" + AirtableEmulatorProcess.BASE_ID + "/tables/Agents/records", null)).path("records")
                .forEach(r -> out.put(r.path("fields").path("Sync Key").asText(), r.path("fields").path("Purpose").asText()));
        return out;
    }
}
