package dev.hookbus.validator;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.validator.reconcile.Reconciler;
import dev.hookbus.validator.reconcile.Report;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Benchmark (not a test; {@code bin/bench validator}): 10,000 components on disk against 10,000 records, at the
 * validator's budget of 1 request/s. Prints wall time against the floor that budget sets (listing requests ÷ 1/s, plus
 * the one-second empty start), and CPU time.
 */
public final class ValidatorBench {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("validator-bench");
        Path root = work.resolve("ws/benchmkt");
        int plugins = 10;
        int perPlugin = 1000;
        StringBuilder seed = new StringBuilder();
        try (AirtableEmulatorProcess emulator = new AirtableEmulatorProcess(work.resolve("emulator"), Duration.ofSeconds(30)).start()) {
            for (int p = 0; p < plugins; p++) {
                for (int a = 0; a < perPlugin; a++) {
                    Path file = root.resolve("plugins/p" + p + "/agents/a" + a + ".md");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, "---\nname: a" + a + "\ndescription: agent " + a + "\n---\n");
                }
                seed.setLength(0);
                seed.append("{\"records\":[");
                for (int a = 0; a < perPlugin; a++) {
                    seed.append(a == 0 ? "" : ",").append("{\"fields\":{\"Agent Name\":\"a").append(a).append("\",\"Sync Key\":\"benchmkt/p")
                            .append(p).append("/agents/a").append(a).append("\"}}");
                }
                emulator.admin("POST", "bases/appHookbusLocal01/tables/Agents/records", seed.append("]}").toString());
            }
            AirtableClient client = new AirtableClient(emulator.apiUrl(), () -> AirtableEmulatorProcess.TOKEN, Duration.ofSeconds(30),
                    Duration.ofSeconds(30));
            long requestsBefore = requests(emulator);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            Report report = new Reconciler(client, RateBudget.local(1), FieldMapping.defaults(), MarketplaceNames.byDirectoryName(),
                    AirtableEmulatorProcess.BASE_ID).check(List.of(work.resolve("ws")));
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
            long requests = requests(emulator) - requestsBefore;
            double floor = requests + 1; // one request per second, first token after one second
            System.out.printf("validator bench: %d components against %d records, %s%n", plugins * perPlugin, plugins * perPlugin, report.counts());
            System.out.printf("wall %.1f s for %d requests; floor %.0f s; ratio %.3f (target <= 1.2); CPU %.1f s%n", wall, requests, floor,
                    wall / floor, cpu);
        }
        System.exit(0);
    }

    private static long requests(AirtableEmulatorProcess emulator) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(emulator.admin("GET", "stats", null)).path("bases")
                .path(AirtableEmulatorProcess.BASE_ID).path("requests").asLong();
    }
}
