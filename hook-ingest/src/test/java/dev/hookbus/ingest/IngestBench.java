package dev.hookbus.ingest;

import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test; {@code bin/bench ingest}): hook-ingest packaged as a process, the broker as a process of its
 * own (so neither shares a JVM with the load), and in the same run its bare endpoint that only sends the same body to
 * Kafka (acks=all). The load comes from {@code wrk} (a C load generator; {@code apt-get install wrk}) when it is
 * installed, else from the JDK's HttpClient, which saturates first and understates both endpoints. Each endpoint is
 * warmed up until the JIT settles before it is measured. Prints events/s and p50/p99 at 16 connections, the ratio,
 * p50/p99 of both at a fixed 5,000/s, and the forwarder's time per tool call.
 */
public final class IngestBench {
    private static final int CONNECTIONS = 16;

    public static void main(String[] args) {
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run() throws Exception {
        Path work = Files.createTempDirectory("ingest-bench");
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(work.resolve("kafka")).start();
                ServiceProcess ingest = new ServiceProcess("hook-ingest", jar, List.of("@" + Path.of("jvm.options").toAbsolutePath()), Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                        "ingest.bench-endpoint", "true", "quarkus.log.level", "WARN"), work).start(Duration.ofSeconds(60))) {
            String hookUrl = ingest.baseUrl() + "/v1/hooks/claude-code";
            String bareUrl = ingest.baseUrl() + "/bench/bare";
            System.out.printf("payload: %d bytes (PostToolUse Write); broker and service are separate processes%n", body(0).length());
            boolean wrk = Wrk.available();
            System.out.println("load generator: " + (wrk ? "wrk, " + CONNECTIONS + " connections" : "JDK HttpClient (install wrk for truer figures)"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(8)).build();
            for (int round = 0; round < 3; round++) { // warm-up: the first rounds measure the JIT, not the service
                load(wrk, http, bareUrl, Duration.ofSeconds(8));
                load(wrk, http, hookUrl, Duration.ofSeconds(8));
            }
            double[] bare = load(wrk, http, bareUrl, Duration.ofSeconds(15));
            double[] hook = load(wrk, http, hookUrl, Duration.ofSeconds(15));
            System.out.printf("bare endpoint : %8.0f events/s  p50 %6.2f ms  p99 %6.2f ms  (%d connections)%n", bare[0], bare[1], bare[2], CONNECTIONS);
            System.out.printf("hook-ingest   : %8.0f events/s  p50 %6.2f ms  p99 %6.2f ms  (%d connections)%n", hook[0], hook[1], hook[2], CONNECTIONS);
            System.out.printf("ratio         : %.2f x the bare endpoint (target >= 0.75)%n", hook[0] / bare[0]);
            if (wrk) {
                // three alternating rounds: one 15 s p99 on a shared 2-core machine moves by several ms from run to run
                List<Double> bareP99 = new ArrayList<>();
                List<Double> hookP99 = new ArrayList<>();
                long[] cpu0 = cpuTicks();
                for (int round = 1; round <= 3; round++) {
                    double[] fixedBare = Wrk.paced(bareUrl, 5000, 64, Duration.ofSeconds(12));
                    double[] fixed = Wrk.paced(hookUrl, 5000, 64, Duration.ofSeconds(12));
                    bareP99.add(fixedBare[2]);
                    hookP99.add(fixed[2]);
                    System.out.printf("fixed 5000/s #%d: bare %.0f/s p50 %5.2f ms p99 %5.2f ms | hook-ingest %.0f/s p50 %5.2f ms p99 %5.2f ms (64 connections)%n",
                            round, fixedBare[0], fixedBare[1], fixedBare[2], fixed[0], fixed[1], fixed[2]);
                }
                long[] cpu1 = cpuTicks();
                System.out.printf("fixed 5000/s  : median p99 bare %.2f ms, hook-ingest %.2f ms (target p99 <= 15 ms)%n", median(bareP99),
                        median(hookP99));
                if (cpu0.length == 2 && cpu1[1] > cpu0[1]) {
                    System.out.printf("machine       : %.0f%% of CPU time was stolen by the hypervisor during the fixed-rate rounds%n",
                            100.0 * (cpu1[0] - cpu0[0]) / (cpu1[1] - cpu0[1]));
                }
            } else {
                double[] fixed = fixedRate(http, hookUrl, 5000, Duration.ofSeconds(10));
                System.out.printf("fixed 5000/s  : sent %.0f/s  p50 %6.2f ms  p99 %6.2f ms (target p99 <= 15 ms), errors %.0f%n", fixed[0], fixed[1],
                        fixed[2], fixed[3]);
            }
            forwarder(ingest.baseUrl(), work);
        }
        System.exit(0);
    }

    private static double[] load(boolean wrk, HttpClient http, String url, Duration duration) throws Exception {
        return wrk ? Wrk.closedLoop(url, CONNECTIONS, duration) : closedLoop(http, url, duration);
    }

    static String body(long n) {
        String content = "---\\nname: reviewer\\ndescription: Reviews code for correctness, security and style\\nmodel: sonnet\\n"
                + "tools: Read, Grep, Glob\\n---\\n" + "You review code carefully and report findings. ".repeat(17);
        return "{\"session_id\":\"bench-session\",\"transcript_path\":\"/home/dev/.claude/projects/app/bench.jsonl\",\"cwd\":\"/home/dev/app\","
                + "\"permission_mode\":\"default\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":"
                + "\"/home/dev/app/plugins/p/agents/reviewer.md\",\"content\":\"" + content + "\"},\"tool_response\":{\"filePath\":"
                + "\"/home/dev/app/plugins/p/agents/reviewer.md\",\"success\":true},\"tool_use_id\":\"toolu_" + n + "\",\"duration_ms\":12}";
    }

    private static final AtomicLong SEQ = new AtomicLong();

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(SEQ.incrementAndGet()))).build();
    }

    /** events/s, p50 ms, p99 ms. */
    static double[] closedLoop(HttpClient http, String url, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        long start = System.nanoTime();
        for (int c = 0; c < CONNECTIONS; c++) {
            new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        HttpResponse<Void> r = http.send(request(url), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 204) {
                            latencies.add(System.nanoTime() - t);
                        }
                    }
                } catch (Exception e) {
                    System.err.println("load thread failed: " + e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new double[] {sorted.size() / seconds, pct(sorted, 0.50), pct(sorted, 0.99)};
    }

    /** Open loop: latency measured from the intended send time. sent/s, p50, p99, errors. */
    static double[] fixedRate(HttpClient http, String url, int perSecond, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long total = perSecond * duration.toSeconds();
        long intervalNanos = 1_000_000_000L / perSecond;
        CountDownLatch done = new CountDownLatch((int) total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        AtomicLong issued = new AtomicLong();
        ticker.scheduleAtFixedRate(() -> {
            long due = (System.nanoTime() - start) / intervalNanos;
            while (issued.get() < Math.min(due, total)) {
                long intended = start + issued.getAndIncrement() * intervalNanos;
                http.sendAsync(request(url), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 204) {
                        errors.incrementAndGet();
                    } else {
                        latencies.add(System.nanoTime() - intended);
                    }
                    done.countDown();
                });
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        ticker.shutdownNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new double[] {total / seconds, pct(sorted, 0.50), pct(sorted, 0.99), errors.get()};
    }

    /**
     * The forwarder as a hook runner starts it: a small shell parent times each run (fork, exec, run) of the script,
     * one tool call at a time; between calls it waits for the spool to drain, so every call finds it empty.
     */
    static void forwarder(String url, Path work) throws Exception {
        Path agent = work.resolve("mkt/plugins/p/agents/a.md");
        Files.createDirectories(agent.getParent());
        Files.writeString(agent, "---\nname: a\ndescription: d\n---\n");
        Path event = work.resolve("event.json");
        Files.writeString(event, "{\"session_id\":\"fwd\",\"cwd\":\"" + work + "\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Write\","
                + "\"tool_use_id\":\"toolu_fwd\",\"tool_input\":{\"file_path\":\"" + agent + "\",\"content\":\"x\"}}");
        for (String mode : new String[] {"--detach", ""}) {
            Path data = work.resolve("data" + mode);
            String loop = """
                    i=0
                    while [ $i -lt 70 ]; do
                      s=$(date +%%s%%N); sh '%s' %s <'%s'; e=$(date +%%s%%N); echo $((e - s))
                      while [ -n "$(ls '%s/spool' 2>/dev/null | grep '^[0-9]')" ]; do :; done
                      i=$((i + 1))
                    done""".formatted(ForwarderScriptTest.SCRIPT, mode, event, data);
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", loop).redirectErrorStream(true);
            pb.environment().put("HOOKBUS_INGEST_URL", url);
            pb.environment().put("CLAUDE_PLUGIN_DATA", data.toString());
            Process p = pb.start();
            List<Long> times = new ArrayList<>();
            for (String line : new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.matches("\\d+")) {
                    times.add(Long.parseLong(line));
                }
            }
            p.waitFor(120, TimeUnit.SECONDS);
            times = new ArrayList<>(times.subList(Math.min(10, times.size()), times.size()));
            Collections.sort(times);
            System.out.printf("forwarder %-9s: p50 %.1f ms  p95 %.1f ms per tool call (%s)%n", mode.isEmpty() ? "(sync)" : mode,
                    pct(times, 0.50), pct(times, 0.95), mode.isEmpty() ? "spool, then send and wait for the 204"
                            : "what the plugin's PostToolUse hook runs: spool, then send in the background");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Stolen and total CPU ticks from /proc/stat (empty where there is none). */
    private static long[] cpuTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            return new long[] {cpu.length > 8 ? Long.parseLong(cpu[8]) : 0, total};
        } catch (Exception e) {
            return new long[0];
        }
    }

    static double pct(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        return sortedNanos.get(Math.min(sortedNanos.size() - 1, (int) (sortedNanos.size() * p))) / 1e6;
    }
}
