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
 * warmed up until the JIT settles, then measured in three alternating rounds. Prints each round, the best of each
 * (events/s, p50/p99, CPU seconds per 10,000 events of the service and of the broker), their ratios, the steal (over
 * 1 %: not judged), p99 of both at a fixed 5,000/s, and the forwarder's time per tool call. With
 * {@code HOOKBUS_BENCH_PROFILE=file.jfr} it records one more hook-ingest round with JFR and prints its hottest methods;
 * with {@code HOOKBUS_BENCH_ASYNC_PROFILER=libasyncProfiler.so} (Maven Central's {@code tools.profiler:async-profiler}
 * jar holds it) it profiles a bare and a hook-ingest round after the warm-up, per thread.
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
                        "ingest.bench-endpoint", "true", "quarkus.log.level", "WARN", "hookbus.http.tokens", Wrk.TOKEN), work).start(Duration.ofSeconds(60))) {
            String hookUrl = ingest.baseUrl() + "/v1/hooks/claude-code";
            String bareUrl = ingest.baseUrl() + "/bench/bare";
            System.out.printf("payload: %d bytes (PostToolUse Write); broker and service are separate processes; hook-ingest with auth on%n", body(0).length());
            System.out.println("bare endpoint: the same process, JVM options, producer (acks=all, idempotence, linger) and HTTP stack; no checks");
            boolean wrk = Wrk.available();
            System.out.println("load generator: " + (wrk ? "wrk, " + CONNECTIONS + " connections" : "JDK HttpClient (install wrk for truer figures)"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(8)).build();
            for (int round = 0; round < 3; round++) { // warm-up: the first rounds measure the JIT, not the service
                load(wrk, http, bareUrl, Duration.ofSeconds(8));
                load(wrk, http, hookUrl, Duration.ofSeconds(8));
            }
            String asyncProfiler = System.getenv("HOOKBUS_BENCH_ASYNC_PROFILER");
            if (asyncProfiler != null && !asyncProfiler.isBlank()) { // before the rounds, so a profile needs no full run
                Profile.asyncProfile(ingest.pid(), Path.of(asyncProfiler), "bare", work.resolve("bare.collapsed"),
                        () -> load(wrk, http, bareUrl, Duration.ofSeconds(15)));
                Profile.asyncProfile(ingest.pid(), Path.of(asyncProfiler), "hook-ingest", work.resolve("hook.collapsed"),
                        () -> load(wrk, http, hookUrl, Duration.ofSeconds(15)));
            }
            long[] steal0 = cpuTicks();
            double ours0 = processCpuSeconds(ingest.pid()) + processCpuSeconds(kafka.pid()) + selfAndChildrenCpuSeconds();
            Round bestBare = null;
            Round bestHook = null;
            for (int round = 1; round <= 3; round++) { // alternating, so a noisy minute hurts both alike
                Round bare = Round.measure("bare", () -> load(wrk, http, bareUrl, Duration.ofSeconds(15)), ingest.pid(), kafka.pid());
                Round hook = Round.measure("hook-ingest", () -> load(wrk, http, hookUrl, Duration.ofSeconds(15)), ingest.pid(), kafka.pid());
                System.out.println("round " + round + ": " + bare + "\n         " + hook);
                bestBare = bestBare == null || bare.rate() > bestBare.rate() ? bare : bestBare;
                bestHook = bestHook == null || hook.rate() > bestHook.rate() ? hook : bestHook;
            }
            long[] steal1 = cpuTicks();
            double steal = stealPercent(steal0, steal1);
            double others = otherLoadPercent(steal0, steal1, processCpuSeconds(ingest.pid()) + processCpuSeconds(kafka.pid())
                    + selfAndChildrenCpuSeconds() - ours0);
            System.out.printf("best bare     : %8.0f events/s  p50 %6.2f ms  p99 %6.2f ms  %5.2f CPU s per 10,000 events (service) %5.2f (broker)%n",
                    bestBare.rate(), bestBare.p50(), bestBare.p99(), bestBare.serviceCpuPer10k(), bestBare.brokerCpuPer10k());
            System.out.printf("best hook     : %8.0f events/s  p50 %6.2f ms  p99 %6.2f ms  %5.2f CPU s per 10,000 events (service) %5.2f (broker)%n",
                    bestHook.rate(), bestHook.p50(), bestHook.p99(), bestHook.serviceCpuPer10k(), bestHook.brokerCpuPer10k());
            System.out.printf("ratio         : %.2f x the bare endpoint's events/s (target >= 0.9), %.2f x its service CPU per event (target <= 1.15)%n",
                    bestHook.rate() / bestBare.rate(), bestHook.serviceCpuPer10k() / bestBare.serviceCpuPer10k());
            System.out.println(verdict(steal, others, wrk));
            if (wrk) {
                fixedRate(bareUrl, hookUrl);
            } else {
                double[] fixed = fixedRate(http, hookUrl, 5000, Duration.ofSeconds(10));
                System.out.printf("fixed 5000/s  : sent %.0f/s  p50 %6.2f ms  p99 %6.2f ms, errors %.0f%n", fixed[0], fixed[1], fixed[2], fixed[3]);
            }
            String profile = System.getenv("HOOKBUS_BENCH_PROFILE");
            if (profile != null && !profile.isBlank()) {
                Profile.record(ingest.pid(), Path.of(profile), () -> load(wrk, http, hookUrl, Duration.ofSeconds(20)));
            }
            forwarder(ingest.baseUrl(), work);
        }
        System.exit(0);
    }

    /** Three alternating rounds at 5,000/s; p99 of each, their medians and the target (hook-ingest ≤ bare + 1 ms). */
    private static void fixedRate(String bareUrl, String hookUrl) throws Exception {
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
        double steal = stealPercent(cpu0, cpuTicks());
        System.out.printf("fixed 5000/s  : median p99 bare %.2f ms, hook-ingest %.2f ms: %+.2f ms (target <= +1 ms); %.1f%% steal%n", median(bareP99),
                median(hookP99), median(hookP99) - median(bareP99), steal);
    }

    static String verdict(double steal, double others, boolean wrk) {
        if (!wrk) {
            return "verdict       : not judged (the JDK HttpClient saturates before the service; install wrk)";
        }
        if (steal > 1.0) {
            return String.format("verdict       : noisy, not judged (%.1f%% of CPU time stolen by the hypervisor during the rounds)", steal);
        }
        if (others > 5.0) {
            return String.format("verdict       : noisy, not judged (other processes used %.0f%% of the machine during the rounds; %.1f%% steal)", others, steal);
        }
        return String.format("verdict       : judged (%.1f%% steal, %.0f%% of the machine used by other processes)", steal, others);
    }

    /** CPU time of this JVM and of its reaped children (the wrk runs). */
    static double selfAndChildrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The share of the machine's busy time (not idle, iowait or steal) that none of the measured processes spent. */
    static double otherLoadPercent(long[] before, long[] after, double oursSeconds) {
        if (before.length != 3 || after.length != 3 || after[1] <= before[1]) {
            return Double.NaN;
        }
        double busySeconds = (after[2] - before[2]) / 100.0;
        double allSeconds = (after[1] - before[1]) / 100.0;
        return Math.max(0, 100.0 * (busySeconds - oursSeconds) / allSeconds);
    }

    interface Load {
        double[] run() throws Exception;
    }

    /** One measured round: the load generator's figures and the CPU time the service's and the broker's processes spent. */
    record Round(String name, double rate, double p50, double p99, double requests, double serviceCpuSeconds, double brokerCpuSeconds) {
        static Round measure(String name, Load load, long servicePid, long brokerPid) throws Exception {
            double service0 = processCpuSeconds(servicePid);
            double broker0 = processCpuSeconds(brokerPid);
            double[] figures = load.run();
            return new Round(name, figures[0], figures[1], figures[2], figures.length > 3 ? figures[3] : figures[0] * 15,
                    processCpuSeconds(servicePid) - service0, processCpuSeconds(brokerPid) - broker0);
        }

        double serviceCpuPer10k() {
            return serviceCpuSeconds * 10_000 / requests;
        }

        double brokerCpuPer10k() {
            return brokerCpuSeconds * 10_000 / requests;
        }

        @Override
        public String toString() {
            return String.format("%-11s %8.0f events/s  p50 %6.2f ms  p99 %6.2f ms  CPU s/10k: service %5.2f broker %5.2f", name, rate, p50, p99,
                    serviceCpuPer10k(), brokerCpuPer10k());
        }
    }

    /** utime + stime of a process from /proc (Linux; clock ticks of 1/100 s). */
    static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double stealPercent(long[] before, long[] after) {
        return before.length == 3 && after.length == 3 && after[1] > before[1] ? 100.0 * (after[0] - before[0]) / (after[1] - before[1]) : Double.NaN;
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
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").header("Authorization", "Bearer " + Wrk.TOKEN)
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
                      n=0; while [ -n "$(ls '%s/spool' 2>/dev/null | grep '^[0-9]')" ] && [ $n -lt 5000 ]; do n=$((n + 1)); done
                      i=$((i + 1))
                    done""".formatted(ForwarderScriptTest.SCRIPT, mode, event, data);
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", loop).redirectErrorStream(true);
            pb.environment().put("HOOKBUS_INGEST_URL", url);
            pb.environment().put("HOOKBUS_INGEST_TOKEN", Wrk.TOKEN); // hook-ingest runs with auth on
            pb.environment().put("CLAUDE_PLUGIN_DATA", data.toString());
            Process p = pb.start();
            List<Long> times = new ArrayList<>();
            for (String line : new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.matches("\\d+")) {
                    times.add(Long.parseLong(line));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                System.out.println("forwarder: the timing loop did not end within 120 s; stopped");
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly); // never a loop left spinning after the bench
            p.destroyForcibly();
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

    /** Stolen, total and busy (user, nice, system, irq, softirq) CPU ticks of the machine from /proc/stat (empty where there is none). */
    private static long[] cpuTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]);
            return new long[] {cpu.length > 8 ? Long.parseLong(cpu[8]) : 0, total, busy};
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
