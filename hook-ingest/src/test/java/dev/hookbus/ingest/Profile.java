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
