package dev.hookbus.e2e;

import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.FreePorts;
import dev.hookbus.devstack.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the plugin costs the agent through the real Claude Code CLI: a 10-tool session with the plugin (hook-ingest
 * running) and the same session with no hooks, alternated, the stand-in model answering without delay. Prints the
 * median of each, their ratio and the milliseconds added per tool call. {@code bin/bench claude [rounds]}.
 */
public final class ClaudeCodeBench {
    static final int TOOLS = 10;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path binary = ClaudeCodeCli.locate();
        if (binary == null) {
            System.err.println("claude bench: no Claude Code CLI (set HOOKBUS_CLAUDE_BIN)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("hookbus-claude-bench");
        String kafka = EmbeddedKafka.shared().bootstrapServers();
        try (MessagesStandIn model = new MessagesStandIn();
                ServiceProcess ingest = new ServiceProcess("hook-ingest", Packaged.service("hook-ingest"), Packaged.jvmOptions("hook-ingest"), Map.of("kafka.bootstrap.servers", kafka), tmp).start(Duration.ofSeconds(90))) {
            ClaudeCodeCli withPlugin = new ClaudeCodeCli(binary, tmp.resolve("home-plugin"), model.url());
            withPlugin.installPlugin(Packaged.checkout(), "{\"ingest_url\":\"" + ingest.baseUrl() + "\",\"tilt_url\":\"http://127.0.0.1:"
                    + FreePorts.next() + "\"}");
            ClaudeCodeCli noHooks = new ClaudeCodeCli(binary, tmp.resolve("home-plain"), model.url());
            List<Long> plugin = new ArrayList<>();
            List<Long> plain = new ArrayList<>();
            // one warm-up each: the first start of the native binary reads it from disk
            session(withPlugin, model, tmp, -1);
            session(noHooks, model, tmp, -2);
            for (int round = 0; round < rounds; round++) {
                plugin.add(session(withPlugin, model, tmp, round * 2));
                plain.add(session(noHooks, model, tmp, round * 2 + 1));
            }
            double medianPlugin = median(plugin);
            double medianPlain = median(plain);
            System.out.printf("claude bench: %d-tool session, %d alternated rounds%n", TOOLS, rounds);
            System.out.printf("  with the plugin: median %.0f ms (%s)%n", medianPlugin, plugin);
            System.out.printf("  no hooks:        median %.0f ms (%s)%n", medianPlain, plain);
            System.out.printf("  ratio %.2f (target <= 1.10), %.1f ms added per tool call (target <= 15)%n", medianPlugin / medianPlain,
                    (medianPlugin - medianPlain) / TOOLS);
        }
        System.exit(0);
    }

    static long session(ClaudeCodeCli cli, MessagesStandIn model, Path tmp, int round) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("mkt-" + round));
        List<MessagesStandIn.ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < TOOLS; i++) {
            calls.add(MessagesStandIn.write(project.resolve("plugins/p/agents/a" + i + ".md").toString(),
                    "---\nname: a" + i + "\ndescription: round " + round + "\n---\n"));
        }
        model.script(calls);
        return cli.session(project, "write ten agents").millis();
    }

    static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
