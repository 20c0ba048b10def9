package dev.hookbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.ServiceProcess;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.events.Topic;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code bin/bench scale [components] [bases] [replicas]}: one Airtable token, several bases (one marketplace routed to
 * each by {@code airtable.marketplace-bases}), several airtable-sync replicas sharing the bases out, the emulator
 * answering after 150-350 ms with Airtable's limits (5 requests/s per base, 50 per token, 30 s penalty). A burst of new
 * agents through hook-ingest, then the same burst with one replica SIGKILLed once a third of it is in the bases. Prints
 * per base and in total: records/s against the ceiling min(bases x 5, 50) requests/s x 10 records, requests, 429s, and
 * for the killed replica's bases how long after the kill their next record came. The expectation is what was sent,
 * compared record by record in each base.
 */
public final class ScaleBench {
    static final String TOKEN = "scale-bench-token-8a1f";
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path workspace;
    private final AirtableEmulatorProcess emulator;
    private final ForwardedWrite forwarded;
    private final List<String> bases;
    /** The processes whose CPU a burst prints, by name. */
    private final Map<String, Long> pids = new LinkedHashMap<>();

    ScaleBench(Path workspace, AirtableEmulatorProcess emulator, ServiceProcess ingest, List<String> bases) {
        this.workspace = workspace;
        this.emulator = emulator;
        this.bases = bases;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        this.forwarded = new ForwardedWrite(http, ingest::baseUrl, TOKEN);
    }

    public static void main(String[] args) {
        int components = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int baseCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int replicas = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try {
            run(components, baseCount, replicas);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The marketplace routed to base {@code i}. */
    static String marketplace(int i) {
        return "scale" + i;
    }

    static void run(int components, int baseCount, int replicaCount) throws Exception {
        Path work = Files.createTempDirectory("scale-bench");
        Path workspace = Files.createDirectories(work.resolve("ws"));
        Path logs = work.resolve("logs");
        List<String> bases = new ArrayList<>();
        bases.add(AirtableEmulatorProcess.BASE_ID);
        for (int i = 1; i < baseCount; i++) {
            bases.add(String.format("appHookbusScale%02d", i));
        }
        StringBuilder routes = new StringBuilder();
        for (int i = 0; i < baseCount; i++) {
            routes.append(i == 0 ? "" : ",").append(marketplace(i)).append('=').append(bases.get(i));
        }
        double ceiling = Math.min(baseCount * 5.0, 50.0) * 10;
        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(work.resolve("kafka")).start();
                AirtableEmulatorProcess emulator = new AirtableEmulatorProcess(work.resolve("emulator"), Duration.ofSeconds(30),
                        bases.subList(1, bases.size()));
                ServiceProcess ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"),
                        Packaged.jvmOptions("hook-ingest"),
                        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "hookbus.http.tokens", TOKEN), logs)) {
            emulator.start();
            emulator.admin("PUT", "faults", "{\"latencyMs\":150,\"latencyMaxMs\":350}");
            List<ServiceProcess> replicas = new ArrayList<>();
            for (int r = 0; r < replicaCount; r++) {
                replicas.add(new ServiceProcess("airtable-sync-" + (r + 1), Packaged.service("airtable-sync"), Packaged.jvmOptions("airtable-sync"), Map.of("kafka.bootstrap.servers",
                        kafka.bootstrapServers(), "airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN,
                        "airtable.base-id", bases.get(0), "airtable.marketplace-bases", routes.toString(),
                        "quarkus.log.category.\"org.apache.kafka\".level", "ERROR"), logs));
            }
            try {
                System.out.printf("scale bench: %d new agents in %d marketplaces, one base each, one token; %d airtable-sync replicas; emulator round "
                        + "trip 150-350 ms, 5 requests/s per base, 50 per token; ceiling %.0f records/s; logs in %s%n", components, baseCount,
                        replicaCount, ceiling, logs);
                ingest.start(Duration.ofSeconds(120));
                for (ServiceProcess replica : replicas) {
                    replica.start(Duration.ofSeconds(180));
                }
                ScaleBench bench = new ScaleBench(workspace, emulator, ingest, bases);
                bench.pids.put("bench (senders)", ProcessHandle.current().pid());
                bench.pids.put("broker", kafka.pid());
                bench.pids.put("emulator", emulator.process().pid());
                bench.pids.put("hook-ingest", ingest.pid());
                replicas.forEach(r -> bench.pids.put(r.name(), r.pid()));
                // the JITs of every JVM settle first: a cold stack measured its own warm-up at half the warm rate
                bench.burst("w", Math.max(bases.size(), components / 10), null).print("warm-up (not judged)", ceiling);
                Burst steady = bench.burst("b1", components, null);
                steady.print("all replicas running", ceiling);
                // the write side alone: every base paused while the burst is classified, then resumed with its backlog
                Burst backlog = bench.backlog("k", components, kafka.bootstrapServers());
                backlog.print("a backlog: every base paused until the burst's intents were all on the writes topic, then resumed (from the "
                        + "resume)", ceiling);
                ServiceProcess victim = replicas.get(replicaCount - 1);
                Burst killed = bench.burst("b2", components, victim);
                killed.print(victim.name() + " SIGKILLed mid-burst", ceiling);
                boolean passed = steady.exact() && killed.exact() && steady.rateLimited() == 0 && killed.rateLimited() == 0
                        && steady.recordsPerSecond() >= 0.9 * ceiling && killed.recordsPerSecond() >= 0.9 * ceiling;
                System.out.printf("scale: %s (targets: >= %.0f records/s = 0.9 x the ceiling, with and without the kill, 0 x 429, exact; the "
                        + "backlog row is the write side alone: %.0f records/s, %.2f x the ceiling, %s)%n", passed ? "PASSED" : "FAILED", 0.9 * ceiling,
                        backlog.recordsPerSecond(), backlog.recordsPerSecond() / ceiling, backlog.exact() && backlog.rateLimited() == 0 ? "exact, 0 x 429"
                                : "NOT exact or 429s");
            } finally {
                replicas.forEach(ServiceProcess::close);
            }
        }
    }

    /** One base's figures in a burst. */
    record BaseFigures(String baseId, int expected, boolean exact, int duplicates, long records, long writeRequests, long requests, long rateLimited,
            double seconds, Double firstAfterKillSeconds) {
    }

    record Burst(List<BaseFigures> bases, double seconds, Instant killedAt, long tokenRateLimited, double ingestSeconds, Map<String, Double> cpuSeconds) {
        boolean exact() {
            return bases.stream().allMatch(b -> b.exact && b.duplicates == 0);
        }

        long records() {
            return bases.stream().mapToLong(BaseFigures::records).sum();
        }

        long rateLimited() {
            return bases.stream().mapToLong(BaseFigures::rateLimited).sum() + tokenRateLimited;
        }

        double recordsPerSecond() {
            return records() / seconds;
        }

        void print(String label, double ceiling) {
            System.out.printf("burst, %s:%n", label);
            System.out.printf("  %-20s %8s %6s %9s %8s %9s %6s %8s %10s%s%n", "base", "expected", "exact", "records", "writes", "per write", "429",
                    "seconds", "records/s", killedAt == null ? "" : "  next record after the kill");
            for (BaseFigures b : bases) {
                System.out.printf("  %-20s %8d %6s %9d %8d %9.1f %6d %8.1f %10.1f%s%n", b.baseId, b.expected, b.exact && b.duplicates == 0, b.records,
                        b.writeRequests, b.records / (double) Math.max(1, b.writeRequests), b.rateLimited, b.seconds, b.records / b.seconds,
                        b.firstAfterKillSeconds == null ? "" : String.format("  %.1f s", b.firstAfterKillSeconds));
            }
            System.out.printf("  total: %d records in %.1f s = %.1f records/s (%.2f x the ceiling of %.0f), %d requests, %d x 429 (%d of them the token's)%n",
                    records(), seconds, recordsPerSecond(), recordsPerSecond() / ceiling, ceiling, bases.stream().mapToLong(BaseFigures::requests).sum(),
                    rateLimited(), tokenRateLimited);
            System.out.printf("  hook-ingest answered the last change %.1f s after the first was sent; CPU seconds in the burst: %s%n", ingestSeconds,
                    cpuSeconds.entrySet().stream().map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).toList());
            if (killedAt != null) {
                double moved = bases.stream().filter(b -> b.firstAfterKillSeconds != null).mapToDouble(BaseFigures::firstAfterKillSeconds).max().orElse(Double.NaN);
                System.out.printf("  the kill's bases moved: the slowest base's next record came %.1f s after the SIGKILL%n", moved);
            }
        }
    }

    /**
     * {@code components} new agents spread over the marketplaces (10 plugins each), posted by 16 senders; with a
     * {@code victim}, it is SIGKILLed once a third of the agents are in their bases.
     */
    Burst burst(String prefix, int components, ServiceProcess victim) throws Exception {
        return burst(prefix, components, victim, null);
    }

    /** @param release when not null, called once every change is accepted; the figures count from the instant it returns */
    Burst burst(String prefix, int components, ServiceProcess victim, java.util.concurrent.Callable<Instant> release) throws Exception {
        JsonNode before = stats();
        int plugins = 10;
        List<Map<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            expected.add(new ConcurrentHashMap<>());
        }
        ExecutorService senders = Executors.newFixedThreadPool(16);
        Map<String, Double> cpuBefore = cpu();
        Instant start = Instant.now();
        Map<String, Instant> answered = new ConcurrentHashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        AtomicInteger lost = new AtomicInteger();
        for (int n = 0; n < components; n++) {
            int i = n;
            sent.add(senders.submit(() -> {
                int base = i % bases.size();
                String marketplace = marketplace(base);
                String plugin = prefix + "p" + (i / bases.size() % plugins);
                String agent = prefix + "a" + i;
                String description = marketplace + " " + prefix + " agent " + i;
                Path file = workspace.resolve(marketplace + "/plugins/" + plugin + "/agents/" + agent + ".md");
                ForwardedWrite.Accepted accepted = forwarded.send(file, "---\nname: " + agent + "\ndescription: " + description + "\n---\n",
                        workspace.resolve(marketplace), "scale-" + marketplace, marketplace + "-" + agent, null);
                if (accepted == null) {
                    lost.incrementAndGet();
                } else {
                    answered.put(agent, accepted.answeredAt());
                    expected.get(base).put(marketplace + "/" + plugin + "/agents/" + agent, description);
                }
                return null;
            }));
        }
        Instant killedAt = null;
        if (victim != null) {
            pids.remove(victim.name());
            int third = components / 3;
            try {
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> agentsIn(stats()) - agentsIn(before) >= third);
            } catch (ConditionTimeoutException e) {
                // killed late: the figures still say when each base moved
            }
            victim.kill();
            killedAt = Instant.now();
        }
        for (Future<?> f : sent) {
            f.get();
        }
        senders.shutdown();
        double ingestSeconds = Duration.between(start, answered.values().stream().max(Instant::compareTo).orElse(start)).toMillis() / 1000.0;
        if (release != null) {
            start = release.call();
        }
        if (lost.get() > 0) {
            System.out.printf("  (%d changes never got a 204 from hook-ingest: the burst is not exact)%n", lost.get());
        }
        // cheap polling (counts), one full listing per base at the end
        long wanted = agentsIn(before) + components - lost.get();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> agentsIn(stats()) >= wanted);
        } catch (ConditionTimeoutException e) {
            // printed as not exact
        }
        JsonNode after = stats();
        Map<String, Double> cpuAfter = cpu();
        Map<String, Double> cpuSpent = new LinkedHashMap<>();
        cpuAfter.forEach((name, seconds) -> cpuSpent.put(name, seconds - cpuBefore.getOrDefault(name, 0.0)));
        List<BaseFigures> figures = new ArrayList<>();
        Instant last = start;
        for (int i = 0; i < bases.size(); i++) {
            String baseId = bases.get(i);
            State state = state(baseId, marketplace(i) + "/" + prefix);
            Instant baseLast = state.created.values().stream().max(Instant::compareTo).orElse(start);
            last = baseLast.isAfter(last) ? baseLast : last;
            Double firstAfterKill = null;
            if (killedAt != null) {
                Instant kill = killedAt;
                Instant next = state.created.values().stream().filter(t -> t.isAfter(kill)).min(Instant::compareTo).orElse(null);
                firstAfterKill = next == null ? null : Duration.between(kill, next).toMillis() / 1000.0;
            }
            JsonNode b = before.path("bases").path(baseId);
            JsonNode a = after.path("bases").path(baseId);
            figures.add(new BaseFigures(baseId, expected.get(i).size(), state.purposes.equals(expected.get(i)), state.duplicates,
                    delta(b, a, "recordsWritten"), delta(b, a, "writeRequests"), delta(b, a, "requests"), delta(b, a, "rateLimited"),
                    Duration.between(start, baseLast).toMillis() / 1000.0, firstAfterKill));
        }
        return new Burst(figures, Duration.between(start, last).toMillis() / 1000.0, killedAt,
                after.path("tokenRateLimited").asLong() - before.path("tokenRateLimited").asLong(), ingestSeconds, cpuSpent);
    }

    /** CPU seconds (user + system) of each process so far, from /proc (Linux; 100 ticks a second). */
    Map<String, Double> cpu() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state is field 3, utime 14 and stime 15 (1-based over the whole line)
                out.put(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
            } catch (java.io.IOException | RuntimeException gone) {
                // the process has ended (the killed replica)
            }
        });
        return out;
    }

    /**
     * {@code base.pause} for every base, the burst posted and classified (its intents all on the writes topic), then
     * {@code base.resume} for every base: the figures count from the first resume, so they measure the writers and the
     * budgets with a full backlog, whatever the machine's CPU leaves for classification.
     */
    Burst backlog(String prefix, int components, String bootstrap) throws Exception {
        ops(bootstrap, "base.pause", bases);
        long intentsBefore = endOffsets(bootstrap, Topic.AIRTABLE_WRITES.topicName());
        Instant[] resumedAt = new Instant[1];
        Burst burst = burst(prefix, components, null, () -> {
            // each agent of a new plugin: its marketplace's and plugin's ENSURE and its UPSERT
            long wanted = intentsBefore + 3L * components;
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> endOffsets(bootstrap, Topic.AIRTABLE_WRITES.topicName()) >= wanted);
            resumedAt[0] = Instant.now();
            ops(bootstrap, "base.resume", bases);
            return resumedAt[0];
        });
        return burst;
    }

    /** Sends an airtable-sync command for each base, all at once (one after the other staggered the bases), and waits for their DONE outcomes. */
    static void ops(String bootstrap, String command, List<String> baseIds) throws Exception {
        List<String> commandIds = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (String baseId : baseIds) {
                OpsCommandEvent event = new OpsCommandEvent(OpsCommandEvent.SCHEMA_VERSION, EventIds.random(), OpsCommandEvent.AIRTABLE_SYNC, command,
                        Map.of("base", baseId), Instant.now(), "scale-bench");
                commandIds.add(event.commandId());
                acks.add(producer.send(new ProducerRecord<>(Topic.OPS.topicName(), event.target(), EventJson.toBytes(event))));
            }
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> TopicRecords.readAll(bootstrap,
                Topic.OPS_OUTCOMES.topicName()).stream().filter(r -> commandIds.contains(r.key()))
                .filter(r -> EventJson.read(r.value(), OpsOutcomeEvent.class).status() == OpsOutcomeEvent.Status.DONE).count() >= commandIds.size());
    }

    /** Records on the topic so far, over all its partitions. */
    static long endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    record State(Map<String, String> purposes, Map<String, Instant> created, int duplicates) {
    }

    /** The agents of one base whose key starts with {@code prefix}: Purpose and creation per key, and the keys held twice. */
    State state(String baseId, String prefix) throws Exception {
        Map<String, String> purposes = new HashMap<>();
        Map<String, Instant> created = new LinkedHashMap<>();
        int duplicates = 0;
        JsonNode page = JSON.readTree(emulator.admin("GET", "bases/" + baseId + "/tables/Agents/records", null));
        for (JsonNode r : page.path("records")) {
            String key = r.path("fields").path("Sync Key").asText();
            if (!key.startsWith(prefix)) {
                continue;
            }
            if (purposes.put(key, r.path("fields").path("Purpose").asText()) != null) {
                duplicates++;
            }
            created.put(key, Instant.parse(r.path("createdTime").asText()));
        }
        return new State(purposes, created, duplicates);
    }

    JsonNode stats() throws Exception {
        return JSON.readTree(emulator.admin("GET", "stats", null));
    }

    /** Agents in every base of the bench. */
    long agentsIn(JsonNode stats) {
        return bases.stream().mapToLong(b -> stats.path("bases").path(b).path("records").path("Agents").asLong()).sum();
    }

    static long delta(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }
}
