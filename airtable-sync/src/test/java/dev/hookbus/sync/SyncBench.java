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
            awaitState(() -> agents(json, emulator), expected, Duration.ofMinutes(20));
            Map<String, String> actual = agents(json, emulator);
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
        roundTrips(json, kafka, work);
        kafka.close();
    }

    /**
     * A burst of new components with the emulator answering after a realistic Airtable round trip (150-400 ms), written
     * by a fresh airtable-sync with one request in flight, then with the default four: records/s against the physical
     * 50/s of a base, records per request, 429s, and the ratio of the two rounds measured in the same run.
     */
    static void roundTrips(ObjectMapper json, EmbeddedKafka kafka, Path work) throws Exception {
        int components = 1_000;
        double[] rate = new double[2];
        int[] inFlight = {1, 4};
        try (AirtableEmulatorProcess emulator = new AirtableEmulatorProcess(work.resolve("emulator-latency"), Duration.ofSeconds(30)).start()) {
            emulator.admin("PUT", "faults", "{\"latencyMs\":150,\"latencyMaxMs\":400}");
            for (int round = 0; round < inFlight.length; round++) {
                String marketplace = "burst" + inFlight[round];
                try (ServiceProcess sync = new ServiceProcess("airtable-sync-" + marketplace, Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath(),
                        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "airtable.api-url", emulator.apiUrl(), "airtable.token",
                                AirtableEmulatorProcess.TOKEN, "quarkus.log.level", "WARN", "airtable.requests-in-flight", Integer.toString(inFlight[round])), work).start(Duration.ofSeconds(90))) {
                    JsonNode before = stats(json, emulator);
                    long start = System.nanoTime();
                    Map<String, String> expected = SyncProcessesIT.stream(kafka.bootstrapServers(), marketplace, components, components,
                            Instant.parse("2026-11-30T07:00:00Z"));
                    awaitState(() -> agentsOf(json, emulator, marketplace), expected, Duration.ofMinutes(10));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    JsonNode after = stats(json, emulator);
                    long requests = after.path("requests").asLong() - before.path("requests").asLong();
                    long written = recordsWritten(sync);
                    rate[round] = written / seconds;
                    System.out.printf("round trip 150-400 ms, %d request(s) in flight: %d new components exact %s in %.1f s = %.1f records/s "
                            + "(%.2f x the physical 50/s), %d requests (%.1f records each), %d x 429%n", inFlight[round], components,
                            agentsOf(json, emulator, marketplace).equals(expected), seconds, rate[round], rate[round] / 50, requests,
                            written / (double) Math.max(1, requests), after.path("rateLimited").asLong() - before.path("rateLimited").asLong());
                }
            }
        }
        System.out.printf("round trip 150-400 ms: %.2f x the records/s of one request in flight%n", rate[1] / rate[0]);
    }

    /** Until the emulator holds {@code expected} (polled every 250 ms), or the deadline: the figures say which. */
    static void awaitState(java.util.concurrent.Callable<Map<String, String>> state, Map<String, String> expected, Duration deadline) {
        try {
            org.awaitility.Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(250)).until(() -> state.call().equals(expected));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the printed "exact false" says so
        }
    }

    /** Sync key → Purpose of the marketplace's agents (the admin listing, page by page). */
    static Map<String, String> agentsOf(ObjectMapper json, AirtableEmulatorProcess emulator, String marketplace) throws Exception {
        Map<String, String> out = new HashMap<>();
        String offset = null;
        do {
            JsonNode page = json.readTree(emulator.admin("GET", "bases/" + AirtableEmulatorProcess.BASE_ID + "/tables/Agents/records"
                    + (offset == null ? "" : "?offset=" + offset), null));
            page.path("records").forEach(r -> {
                String key = r.path("fields").path("Sync Key").asText();
                if (key.startsWith(marketplace + "/")) {
                    out.put(key, r.path("fields").path("Purpose").asText());
                }
            });
            offset = page.hasNonNull("offset") ? page.get("offset").asText() : null;
        } while (offset != null);
        return out;
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
