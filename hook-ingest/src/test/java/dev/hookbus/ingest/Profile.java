package dev.hookbus.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR on a running service (through {@code jcmd}) during one load round, and what it says: the methods with the most
 * CPU samples on top of the stack (self), and hookbus's own methods by the share of samples they are on (total).
 */
final class Profile {
    private Profile() {
    }

    static void record(long pid, Path file, IngestBench.Load load) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), Long.toString(pid), "JFR.start", "name=bench", "settings=profile");
        double[] figures = load.run();
        run(jcmd.toString(), Long.toString(pid), "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
        System.out.printf("profile       : %s (%.0f events/s while recording)%n", file.toAbsolutePath(), figures[0]);
        print(file, 25);
    }

    static void print(Path file, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith("dev.hookbus.") && seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        }
        int all = samples;
        System.out.printf("profile       : %d CPU samples; top %d by self time:%n", all, top);
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
        System.out.println("profile       : hookbus methods by total time (on the stack):");
        total.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
    }

    /**
     * async-profiler (its {@code libasyncProfiler.so}, loaded into the running service through {@code jcmd
     * JVMTI.agent_load}) during one load round: CPU samples every millisecond, per thread. Prints the share of the
     * process's CPU per thread kind, the hottest frames by self time and hookbus's methods by total time.
     */
    static void asyncProfile(long pid, Path library, String label, Path collapsed, IngestBench.Load load) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), Long.toString(pid), "JVMTI.agent_load", library.toAbsolutePath().toString(), quoted("start,event=cpu,interval=1ms,threads"));
        double[] figures = load.run();
        run(jcmd.toString(), Long.toString(pid), "JVMTI.agent_load", library.toAbsolutePath().toString(),
                quoted("stop,collapsed,file=" + collapsed.toAbsolutePath()));
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        long all = 0;
        for (String line : java.nio.file.Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            all += count;
            threads.merge(threadKind(frames[0]), count, Long::sum);
            self.merge(frames[frames.length - 1], count, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String frame : frames) {
                if (frame.startsWith("dev/hookbus/") && !frame.contains("$$Lambda") && seen.add(frame)) {
                    total.merge(frame, count, Long::sum);
                }
            }
        }
        long samples = all;
        System.out.printf("async-profiler: %s, %d CPU samples of 1 ms (%.0f events/s while profiling), %s%n", label, samples, figures[0], collapsed);
        System.out.println("  by thread:");
        top(threads, samples, 8);
        System.out.println("  self time:");
        top(self, samples, 30);
        System.out.println("  hookbus methods, total time:");
        top(total, samples, 20);
    }

    /** jcmd reads {@code key=value} as its own argument unless the agent's options are quoted. */
    private static String quoted(String options) {
        return '"' + options + '"';
    }

    private static void top(Map<String, Long> counts, long all, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
    }

    /** A thread's name without its number: "[vert.x-eventloop-thread-1 tid=42]" becomes "vert.x-eventloop-thread". */
    private static String threadKind(String frame) {
        String name = frame.startsWith("[") ? frame.substring(1, frame.endsWith("]") ? frame.length() - 1 : frame.length()) : frame;
        int tid = name.indexOf(" tid=");
        if (tid >= 0) {
            name = name.substring(0, tid);
        }
        return name.replaceAll("[-#]?\\d+$", "");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
