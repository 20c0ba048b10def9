package dev.hookbus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference cannot drift: every setting the code reads, every REST path it serves and every ops command it obeys is
 * in {@code docs/REFERENCE.md}. Read from the sources as text, so the test knows nothing the code does not say itself.
 */
class ReferenceDocsTest {
    private static final Path ROOT = Packaged.checkout();
    private static final Set<String> SHELL_OWN = Set.of("HOME", "PATH", "PWD", "OLDPWD", "TMPDIR", "USER", "SHELL", "LANG", "IFS", "RANDOM",
            "SECONDS", "TERM", "BASH_SOURCE", "PPID", "LINENO", "FUNCNAME");
    private static final Pattern PROPERTIES_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)");
    private static final Pattern JAVA_VARIABLE = Pattern.compile("(?:getenv|env|setting)\\(\"([A-Z][A-Z0-9_]+)\"");
    private static final Pattern SCRIPT_READ = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]+)");
    private static final Pattern SCRIPT_ASSIGNMENT = Pattern.compile(
            "(?m)(?:^|[;()]|\\bthen\\b|\\bdo\\b|\\belse\\b)\\s*(?:export\\s+|local\\s+|readonly\\s+)?([A-Z][A-Z0-9_]+)=");
    private static final Pattern QUOTED_HEREDOC = Pattern.compile("(?ms)<<-?'(\\w+)'.*?^\\s*\\1$");
    private static final Pattern SCRIPT_SELF_DEFAULT = Pattern.compile("([A-Z][A-Z0-9_]+)=[\"']?\\$\\{([A-Z][A-Z0-9_]+):?[-=?]");

    private static String reference() {
        return read(ROOT.resolve("docs/REFERENCE.md"));
    }

    @Test
    void everyEnvironmentVariableTheCodeOrAScriptReadsIsDocumented() {
        Map<String, String> readBy = new TreeMap<>();
        for (Path properties : files(p -> (p.getFileName().toString().equals("application.properties")
                || p.getFileName().toString().equals("microprofile-config.properties")) && p.toString().contains("src/main"))) {
            collect(PROPERTIES_VARIABLE, read(properties), properties, readBy);
        }
        for (Path java : files(p -> p.toString().endsWith(".java"))) {
            collect(JAVA_VARIABLE, read(java), java, readBy);
        }
        // bin/hookbus sources its services.d files: what one assigns, the others read as its own variable
        StringBuilder launcher = new StringBuilder(read(ROOT.resolve("bin/hookbus")));
        for (Path part : list(ROOT.resolve("bin/services.d"))) {
            launcher.append('\n').append(read(part));
        }
        scriptInputs(launcher.toString()).forEach(v -> readBy.putIfAbsent(v, "bin/hookbus"));
        List<Path> scripts = new ArrayList<>(list(ROOT.resolve("bin")));
        scripts.remove(ROOT.resolve("bin/hookbus"));
        scripts.addAll(list(ROOT.resolve("claude-plugin/scripts")));
        scripts.add(ROOT.resolve(".ci/run"));
        for (Path script : scripts) {
            scriptInputs(read(script)).forEach(v -> readBy.putIfAbsent(v, ROOT.relativize(script).toString()));
        }
        assertThat(readBy).as("the sources read variables at all (the scan works)").containsKeys("KAFKA_BOOTSTRAP_SERVERS", "INGEST_TOKENS",
                "HOOKBUS_STATE_DIR", "HOOKBUS_FORWARD_TIMEOUT", "AIRTABLE_RATE_LIMIT_PENALTY_MS");
        String reference = reference();
        Map<String, String> undocumented = new TreeMap<>(readBy);
        undocumented.keySet().removeIf(v -> reference.contains("`" + v + "`"));
        assertThat(undocumented).as("variables read but not in docs/REFERENCE.md (variable → where it is read)").isEmpty();
    }

    @Test
    void everyConfigMappingPropertyIsDocumentedAsItsEnvironmentVariable() {
        Set<String> variables = new TreeSet<>();
        for (Path config : files(p -> p.toString().endsWith("Config.java") && p.toString().contains("/config/"))) {
            variables.addAll(ConfigMappingText.environmentVariables(read(config)));
        }
        assertThat(variables).as("the scan finds the mappings").contains("INGEST_PUBLISH_TIMEOUT", "VALIDATOR_SCHEDULE_EVERY",
                "EMULATOR_RATE_LIMIT_PENALTY");
        String reference = reference();
        assertThat(variables.stream().filter(v -> !reference.contains("`" + v + "`")).toList()).isEmpty();
    }

    @Test
    void everyRestPathIsDocumented() {
        Pattern classPath = Pattern.compile("(?m)^@Path\\(\"([^\"]*)\"\\)");
        Pattern methodPath = Pattern.compile("(?m)^\\s+@Path\\(\"([^\"]*)\"\\)");
        Set<String> paths = new TreeSet<>();
        for (Path resource : files(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/") && p.toString().contains("/rest/"))) {
            String text = read(resource);
            Matcher c = classPath.matcher(text);
            if (!c.find()) {
                continue;
            }
            String base = c.group(1).endsWith("/") ? c.group(1).substring(0, c.group(1).length() - 1) : c.group(1);
            Matcher m = methodPath.matcher(text);
            boolean any = false;
            while (m.find()) {
                any = true;
                paths.add(base + "/" + (m.group(1).startsWith("/") ? m.group(1).substring(1) : m.group(1)));
            }
            if (!any) {
                paths.add(base.isEmpty() ? "/" : base);
            }
        }
        assertThat(paths).contains("/v1/hooks/claude-code/forward", "/api/runs/{runId}/cancel", "/api/reconcile");
        String reference = reference();
        assertThat(paths.stream().filter(p -> !Pattern.compile(Pattern.quote(p) + "[`?\\s,]").matcher(reference).find()).toList())
                .as("REST paths served but not in docs/REFERENCE.md").isEmpty();
    }

    @Test
    void everyOpsCommandIsDocumented() {
        // the one table the services and bin/hookbus ops use
        Pattern row = Pattern.compile("(?m)^    [A-Z_]+\\(OpsCommandEvent\\.[A-Z_]+, \"([a-z]+(?:\\.[a-z]+)?)\"");
        Set<String> commands = matches(row, read(ROOT.resolve("events/src/main/java/dev/hookbus/events/OpsCommand.java")));
        assertThat(commands).contains("dlq.replay", "reconcile", "tilt.run", "base.pause");
        String reference = reference();
        assertThat(commands.stream().filter(c -> !reference.contains("| `" + c + "` |")).toList()).isEmpty();
    }

    /** What a script reads from its environment: read, and never assigned except from itself with a default. */
    static Set<String> scriptInputs(String text) {
        // a quoted here-document is data the script writes, not code it runs
        String script = QUOTED_HEREDOC.matcher(text).replaceAll("");
        Set<String> reads = matches(SCRIPT_READ, script);
        Set<String> assigned = matches(SCRIPT_ASSIGNMENT, script);
        Set<String> inputs = new TreeSet<>(reads);
        inputs.removeAll(assigned);
        inputs.removeAll(SHELL_OWN);
        Matcher selfDefault = SCRIPT_SELF_DEFAULT.matcher(script);
        while (selfDefault.find()) {
            if (selfDefault.group(1).equals(selfDefault.group(2))) {
                inputs.add(selfDefault.group(1));
            }
        }
        return inputs;
    }

    /** A {@code @ConfigMapping} interface read as text: its properties as Quarkus's environment variable names. */
    static final class ConfigMappingText {
        private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
        private static final Pattern MEMBER = Pattern.compile("(?m)^( {4}| {8})([\\w<>][\\w<>, ]*?) (\\w+)\\(\\);");
        private static final Pattern GROUP = Pattern.compile("(?m)^ {4}interface (\\w+) \\{");

        static Set<String> environmentVariables(String source) {
            Matcher prefix = PREFIX.matcher(source);
            if (!prefix.find()) {
                return Set.of();
            }
            Set<String> groups = matches(GROUP, source);
            Map<String, String> groupMember = new TreeMap<>();
            Set<String> variables = new TreeSet<>();
            List<String[]> members = new ArrayList<>();
            Matcher m = MEMBER.matcher(source);
            while (m.find()) {
                members.add(new String[] {m.group(1), m.group(2), m.group(3), String.valueOf(m.start())});
                if (m.group(1).length() == 4 && groups.contains(m.group(2))) {
                    groupMember.put(m.group(2), m.group(3));
                }
            }
            for (String[] member : members) {
                if (member[0].length() == 4 && groups.contains(member[1])) {
                    continue;
                }
                String property = prefix.group(1) + ".";
                if (member[0].length() == 8) {
                    String group = enclosingGroup(source, Integer.parseInt(member[3]));
                    property += kebab(groupMember.getOrDefault(group, group)) + ".";
                }
                property += kebab(member[2]);
                variables.add(property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
            }
            return variables;
        }

        private static String enclosingGroup(String source, int at) {
            Matcher g = GROUP.matcher(source.substring(0, at));
            String last = null;
            while (g.find()) {
                last = g.group(1);
            }
            return last;
        }

        private static String kebab(String name) {
            return name.replaceAll("([A-Z])", "-$1").toLowerCase();
        }
    }

    private static void collect(Pattern pattern, String text, Path where, Map<String, String> readBy) {
        matches(pattern, text).forEach(v -> readBy.putIfAbsent(v, ROOT.relativize(where).toString()));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<Path> files(java.util.function.Predicate<Path> wanted) {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !ROOT.relativize(p).toString().startsWith(".") && !p.toString().contains("/target/")
                            && !p.toString().contains("/node_modules/"))
                    .filter(wanted).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
