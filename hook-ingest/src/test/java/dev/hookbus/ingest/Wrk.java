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
    private static final int THREADS = 2;
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    /** Sent on every request: hook-ingest runs with auth on; the bare endpoint ignores it. */
    static final String TOKEN = "bench-token-0123456789abcdef";

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

    /** events/s, p50 ms, p99 ms, requests answered, at a fixed number of connections, each sending as soon as its answer arrives. */
    static double[] closedLoop(String url, int connections, Duration duration) throws Exception {
        return run(url, connections, duration, script(""));
    }

    /**
     * A fixed {@code perSecond} requests/s: each wrk thread hands out send slots at even intervals (a monotonic clock
     * through LuaJIT's FFI) and a connection whose answer came waits for the next free slot, so the rate holds as long
     * as a connection is free; slots missed while the service was behind are dropped, not sent in a burst. Latency is
     * measured from the actual send. Returns the achieved rate.
     */
    static double[] paced(String url, int perSecond, int connections, Duration duration) throws Exception {
        double slotMs = 1000.0 * THREADS / perSecond;
        String delay = """
                local ffi = require("ffi")
                ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } hb_timespec; int clock_gettime(int clk, hb_timespec *ts); ]]
                local ts = ffi.new("hb_timespec")
                local function now_ms()
                  ffi.C.clock_gettime(1, ts)
                  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
                end
                local next_slot = 0
                function delay()
                  local now = now_ms()
                  if next_slot < now then next_slot = now end
                  local wait = next_slot - now
                  next_slot = next_slot + %s
                  return wait
                end
                """.formatted(slotMs);
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
                  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %s"}, '%s')
                end
                %s""".formatted(TOKEN, body, extra);
        Path file = Files.createTempFile("ingest-bench", ".lua");
        Files.writeString(file, lua, StandardCharsets.UTF_8);
        return file;
    }

    private static double[] run(String url, int connections, Duration duration, Path script) throws Exception {
        Process p = new ProcessBuilder(List.of("wrk", "-t" + THREADS, "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency", "-s",
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
        Matcher total = TOTAL.matcher(out);
        return new double[] {Double.parseDouble(rate.group(1)), percentile(out, "50%"), percentile(out, "99%"),
                total.find() ? Double.parseDouble(total.group(1)) : Double.NaN};
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
