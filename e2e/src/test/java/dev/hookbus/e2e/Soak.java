package dev.hookbus.e2e;

import dev.hookbus.devstack.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code bin/bench soak [events/s] [minutes] [components]}: the fault suite's stack (hook-ingest with auth, two
 * airtable-sync replicas, tilt-orchestrator, the validator, the broker, the emulator) under a steady stream of file
 * writes posted the forwarder's way, 500/s over 300 components for 10 minutes by default. Every minute: events sent,
 * errors, each service's resident memory and the consumer groups' lag. After the load: how long the lag takes to reach
 * zero (at most a minute), then the base is compared with the newest change of every component. Not part of any build.
 */
public final class Soak {
    /** The consumer groups that act on hook events: their lag is what "caught up" means. */
    static final List<String> GROUPS = List.of("airtable-sync", "airtable-sync-writer", "tilt-orchestrator");

    record Change(Instant capturedAt, String description) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int components = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Path work = Files.createTempDirectory("soak");
        boolean passed = true;
        try (FaultSuite stack = new FaultSuite(work, line -> { });
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers()))) {
            stack.useMarketplace("soak");
            List<ServiceProcess> services = new ArrayList<>(List.of(stack.ingest, stack.syncs.get(0), stack.syncs.get(1), stack.tilt, stack.validator));
            System.out.printf("soak: %d events/s over %d components for %d min; logs in %s%n", rate, components, minutes, work.resolve("logs"));
            StringBuilder header = new StringBuilder(String.format("%-6s %9s %7s %22s", "minute", "sent", "errors", "lag sync/writer/tilt"));
            services.forEach(s -> header.append(String.format(" %18s", s.name() + " MB")));
            System.out.println(header);

            Map<String, Change> newest = new ConcurrentHashMap<>();
            AtomicLong sent = new AtomicLong();
            AtomicInteger errors = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(32);
            ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
            long start = System.nanoTime();
            long total = (long) rate * 60 * minutes;
            AtomicLong issued = new AtomicLong();
            CountDownLatch allIssued = new CountDownLatch(1);
            // the load's pace: one change every 1/rate s, handed to a sender thread
            pace.scheduleAtFixedRate(() -> {
                long n = issued.getAndIncrement();
                if (n >= total) {
                    allIssued.countDown();
                    return;
                }
                senders.execute(() -> {
                    int component = (int) (n % components);
                    String description = "soak change " + n;
                    Instant captured = Instant.now();
                    try {
                        Path agent = stack.workspace.resolve("soak/plugins/p/agents/a" + component + ".md");
                        String id = stack.writeAndSend(agent, "---\nname: a" + component + "\ndescription: " + description + "\n---\n",
                                stack.workspace.resolve("soak"), "soak-" + n, captured);
                        if (id == null) {
                            errors.incrementAndGet();
                        } else {
                            newest.merge("soak/p/agents/a" + component, new Change(captured, description),
                                    (a, b) -> a.capturedAt().isAfter(b.capturedAt()) ? a : b);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    sent.incrementAndGet();
                });
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            List<long[]> rss = new CopyOnWriteArrayList<>();
            AtomicInteger minute = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> {
                try {
                    rss.add(printMinute(minute.incrementAndGet(), sent.get(), errors.get(), lagByGroup(admin), services));
                } catch (Exception e) {
                    System.out.println("minute " + minute.get() + ": the broker did not answer for the lag: " + e);
                }
            }, 1, 1, TimeUnit.MINUTES);
            allIssued.await(minutes + 10L, TimeUnit.MINUTES);
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
            pace.shutdownNow();
            if (rss.size() < minutes) {
                rss.add(printMinute(minutes, sent.get(), errors.get(), lagByGroup(admin), services));
            }
            double achieved = sent.get() / ((System.nanoTime() - start) / 1e9);

            long stopped = System.nanoTime();
            try {
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> lag(admin) == 0);
            } catch (ConditionTimeoutException e) {
                // reported below with the lag that is left
            }
            long lag = lag(admin);
            double drained = (System.nanoTime() - stopped) / 1e9;
            System.out.printf("load stopped: %,d events sent (%.0f/s), %d errors; lag %s %.1f s after the load stopped%n", sent.get(), achieved,
                    errors.get(), lag == 0 ? "zero" : lagByGroup(admin) + " still", drained);

            Map<String, String> expected = new LinkedHashMap<>();
            newest.forEach((key, change) -> expected.put(key, change.description()));
            Map<String, List<String>> records = stack.records("soak");
            long wrong = expected.entrySet().stream().filter(e -> !records.getOrDefault(e.getKey(), List.of()).equals(List.of(e.getValue()))).count();
            System.out.printf("base: %d of %d components hold their newest change, %d records beyond one per key%n", expected.size() - wrong,
                    expected.size(), records.values().stream().mapToInt(r -> Math.max(0, r.size() - 1)).sum());

            // flat: the last minute's resident memory within 25 % of the second minute's (the first is warm-up)
            List<String> grew = new ArrayList<>();
            if (rss.size() >= 3) {
                for (int s = 0; s < services.size(); s++) {
                    if (rss.get(rss.size() - 1)[s] > rss.get(1)[s] * 1.25) {
                        grew.add(services.get(s).name());
                    }
                }
            }
            passed = errors.get() == 0 && lag == 0 && drained <= 60 && wrong == 0 && grew.isEmpty() && achieved >= rate * 0.95;
            System.out.println("soak: " + (passed ? "passed" : "FAILED") + (grew.isEmpty() ? "" : " (memory grew: " + grew + ")")
                    + (achieved < rate * 0.95 ? " (the load reached only " + Math.round(achieved) + "/s)" : ""));
        }
        System.exit(passed ? 0 : 1);
    }

    static long[] printMinute(int minute, long sent, int errors, String lag, List<ServiceProcess> services) {
        long[] mb = new long[services.size()];
        StringBuilder line = new StringBuilder(String.format("%-6d %,9d %7d %22s", minute, sent, errors, lag));
        for (int s = 0; s < services.size(); s++) {
            mb[s] = residentMb(services.get(s).pid());
            line.append(String.format(" %18d", mb[s]));
        }
        System.out.println(line);
        return mb;
    }

    /** VmRSS of a process in MB (0 when it is gone). */
    static long residentMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // the process has ended
        }
        return 0;
    }

    /** The lag of each group, in {@link #GROUPS} order, separated by slashes. */
    static String lagByGroup(Admin admin) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String group : GROUPS) {
            out.append(out.length() == 0 ? "" : "/").append(lag(admin, group));
        }
        return out.toString();
    }

    /** Records the hook-event groups have not yet committed past, over every partition they consume. */
    static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (String group : GROUPS) {
            lag += lag(admin, group);
        }
        return lag;
    }

    static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var entry : committed.entrySet()) {
            lag += Math.max(0, ends.get(entry.getKey()).offset() - (entry.getValue() == null ? 0 : entry.getValue().offset()));
        }
        return lag;
    }
}
