package dev.hookbus.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives {@code wrk} with a Lua script that posts {@link IngestBench#body(long)}-shaped events with unique ids. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    private Wrk() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(5, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** events/s, p50 ms, p99 ms at a fixed number of connections, each sending as soon as its answer arrives. */
    static double[] closedLoop(String url, int connections, Duration duration) throws Exception {
        return run(url, connections, duration, script(""));
    }

    /**
     * About {@code perSecond} requests/s: each connection waits {@code connections/perSecond} between the END of one
     * request and the next (wrk's {@code delay()}; latency is measured from the actual send). Returns the achieved rate.
     */
    static double[] paced(String url, int perSecond, int connections, Duration duration, double typicalLatencyMs) throws Exception {
        double periodMs = 1000.0 * connections / perSecond;
        // the delay follows the answer, so the request's own latency is part of the period
        String delay = "function delay() return math.max(0, " + (periodMs - typicalLatencyMs) + " + (math.random() - 0.5)) end\n";
        return run(url, connections, duration, script(delay));
    }

    private static Path script(String extra) throws IOException {
        // a Lua single-quoted string: the JSON's backslashes and quotes escaped, the id spliced in
        String body = IngestBench.body(0).replace("\\", "\\\\").replace("'", "\\'").replace("\"toolu_0\"", "\"toolu_' .. id .. '\"");
        String lua = """
                local counter = 0
                math.randomseed(os.time())
                request = function()
                  counter = counter + 1
                  local id = tostring(math.random(1, 2000000000)) .. "_" .. counter
                  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, '%s')
                end
                %s""".formatted(body, extra);
        Path file = Files.createTempFile("ingest-bench", ".lua");
        Files.writeString(file, lua, StandardCharsets.UTF_8);
        return file;
    }

    private static double[] run(String url, int connections, Duration duration, Path script) throws Exception {
        Process p = new ProcessBuilder(List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency", "-s",
                script.toString(), url)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS);
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("wrk printed no rate:\n" + out);
        }
        Matcher errors = NON_2XX.matcher(out);
        if (errors.find() && Long.parseLong(errors.group(1)) > 0) {
            System.out.println("  (" + errors.group(1) + " non-2xx answers)");
        }
        return new double[] {Double.parseDouble(rate.group(1)), percentile(out, "50%"), percentile(out, "99%")};
    }

    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
