package dev.hookbus.catalog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): generates 10,000 components (100 plugins × 40 agents, 30 commands, 20 skills, 10 hook
 * handlers) and prints discover+parse wall time and allocation. Target: under 2 s. Run with {@code bin/bench catalog}.
 */
public final class CatalogBench {
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("catalog-bench");
        try {
            Path workspace = dir.resolve("ws");
            generate(workspace.resolve("bench-market"));
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            Discovery discovery = new Discovery(MarketplaceNames.byDirectoryName());
            for (int warmup = 0; warmup < 2; warmup++) {
                discovery.discover(workspace);
            }
            int runs = 5;
            long best = Long.MAX_VALUE;
            long allocated = 0;
            int components = 0;
            for (int i = 0; i < runs; i++) {
                long bytesBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                Discovery.Result result = discovery.discover(workspace);
                long elapsed = System.nanoTime() - start;
                allocated = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
                best = Math.min(best, elapsed);
                components = (int) result.components().stream().filter(c -> !c.kind().isContainer()).count();
            }
            System.out.printf("catalog bench: %d components, discover+parse best of %d: %.0f ms (target < 2000 ms), allocated %.1f MB per pass%n",
                    components, runs, best / 1e6, allocated / 1e6);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void generate(Path root) throws IOException {
        for (int p = 0; p < 100; p++) {
            String plugin = "plugin-" + p;
            FixtureMarketplace.write(root, "plugins/" + plugin + "/.claude-plugin/plugin.json",
                    "{\"name\":\"" + plugin + "\",\"description\":\"Plugin " + p + "\"}");
            for (int a = 0; a < 40; a++) {
                FixtureMarketplace.write(root, "plugins/" + plugin + "/agents/agent-" + a + ".md", "---\nname: agent-" + a
                        + "\ndescription: Does thing " + a + " carefully\nmodel: sonnet\ncolor: blue\ntools: Read, Grep, Glob\n---\n"
                        + "You are agent " + a + ".\n".repeat(20));
            }
            for (int c = 0; c < 30; c++) {
                FixtureMarketplace.write(root, "plugins/" + plugin + "/commands/cmd-" + c + ".md", "---\ndescription: Command " + c
                        + "\nargument-hint: [--batch] [--scheduled]\nallowed-tools: Bash, Read\n---\nRun $ARGUMENTS\n");
            }
            for (int s = 0; s < 20; s++) {
                FixtureMarketplace.write(root, "plugins/" + plugin + "/skills/skill-" + s + "/SKILL.md", "---\nname: skill-" + s
                        + "\ndescription: Skill " + s + "\nallowed-tools:\n  - Read\n  - Write\n---\n# Skill\n");
            }
            StringBuilder hooks = new StringBuilder("{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Write|Edit\",\"hooks\":[");
            for (int h = 0; h < 10; h++) {
                hooks.append(h == 0 ? "" : ",").append("{\"type\":\"command\",\"command\":\"run-").append(h).append(".sh\"}");
            }
            FixtureMarketplace.write(root, "plugins/" + plugin + "/hooks/hooks.json", hooks.append("]}]}}").toString());
        }
    }
}
