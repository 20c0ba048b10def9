package dev.hookbus.tilt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads pipeline YAML files. Every problem is a {@link PipelineException} whose message names the file and the field:
 * a bad pipeline never half-loads.
 */
public final class PipelineLoader {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(2);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Set<String> TOP_FIELDS = Set.of("name", "workspaceRoot", "debounce", "logsDir", "ignore", "paths", "steps",
            "description");
    private static final Set<String> STEP_FIELDS = Set.of("resource", "timeout", "runtime", "successPattern", "errorPatterns",
            "remediation", "description");

    private final UnaryOperator<String> env;

    public PipelineLoader(UnaryOperator<String> env) {
        this.env = env;
    }

    public static PipelineLoader withSystemEnv() {
        return new PipelineLoader(System::getenv);
    }

    /** Every {@code *.yaml} / {@code *.yml} of a directory, by pipeline name. */
    public Map<String, Pipeline> loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PipelineException("pipelines directory " + dir + " does not exist");
        }
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                Pipeline p = load(file);
                Pipeline before = pipelines.putIfAbsent(p.name(), p);
                if (before != null) {
                    throw new PipelineException(file + ": pipeline name '" + p.name() + "' is also used by " + before.source());
                }
            }
        } catch (IOException e) {
            throw new PipelineException("pipelines directory " + dir + " cannot be read: " + e.getMessage());
        }
        return pipelines;
    }

    public Pipeline load(Path file) {
        try {
            return read(file);
        } catch (PipelineException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new PipelineException(file + ": " + e.getMessage());
        }
    }

    private Pipeline read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PipelineException(file + ": not valid YAML: " + detail);
        }
        if (root == null || !root.isObject()) {
            throw new PipelineException(file + ": expected a mapping with name, workspaceRoot and steps");
        }
        unknownFields(file, "", root, TOP_FIELDS);
        String name = requiredText(file, root, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new PipelineException(file + ": name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        Path workspace = Path.of(expand(requiredText(file, root, "workspaceRoot")));
        Duration debounce = duration(file, "debounce", root.get("debounce"), DEFAULT_DEBOUNCE);
        String logs = root.hasNonNull("logsDir") ? expand(root.get("logsDir").asText()) : "logs";
        Path logsDir = workspace.resolve(logs);

        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            throw new PipelineException(file + ": steps must be a non-empty list");
        }
        List<PipelineStep> steps = new ArrayList<>();
        for (JsonNode s : stepsNode) {
            steps.add(step(file, steps.size() + 1, s));
        }
        List<String> names = steps.stream().map(PipelineStep::resource).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new PipelineException(file + ": a resource appears twice in steps " + names);
        }
        List<Glob> ignore = globs(file, "ignore", root.get("ignore"));
        List<PathRule> paths = new ArrayList<>();
        JsonNode pathsNode = root.get("paths");
        if (pathsNode != null && !pathsNode.isNull()) {
            if (!pathsNode.isArray()) {
                throw new PipelineException(file + ": paths must be a list of {globs, steps}");
            }
            int i = 0;
            for (JsonNode rule : pathsNode) {
                i++;
                String where = "paths[" + i + "]";
                unknownFields(file, where + ".", rule, Set.of("globs", "steps", "description"));
                List<Glob> globs = globs(file, where + ".globs", rule.get("globs"));
                if (globs.isEmpty()) {
                    throw new PipelineException(file + ": " + where + ".globs must list at least one glob");
                }
                List<String> required = new ArrayList<>();
                JsonNode stepList = rule.get("steps");
                if (stepList != null && stepList.isTextual() && stepList.asText().equals("all")) {
                    required.addAll(names);
                } else if (stepList != null && stepList.isArray()) {
                    for (JsonNode n : stepList) {
                        if (!names.contains(n.asText())) {
                            throw new PipelineException(file + ": " + where + ".steps names '" + n.asText() + "', which is not a step");
                        }
                        required.add(n.asText());
                    }
                } else {
                    throw new PipelineException(file + ": " + where + ".steps must be a list of step resources or 'all'");
                }
                paths.add(new PathRule(globs, List.copyOf(required)));
            }
        }
        return new Pipeline(name, file, workspace, debounce, logsDir, ignore, List.copyOf(paths), List.copyOf(steps));
    }

    private PipelineStep step(Path file, int number, JsonNode s) {
        String where = "steps[" + number + "]";
        if (!s.isObject()) {
            throw new PipelineException(file + ": " + where + " must be a mapping with a resource");
        }
        unknownFields(file, where + ".", s, STEP_FIELDS);
        String resource = requiredText(file, s, "resource", where);
        where = "step " + number + " (" + resource + ")";
        Duration timeout = duration(file, where + " timeout", s.get("timeout"), DEFAULT_TIMEOUT);
        boolean runtime = s.path("runtime").asBoolean(false);
        Optional<Pattern> success = s.hasNonNull("successPattern")
                ? Optional.of(regex(file, where + " successPattern", s.get("successPattern").asText()))
                : Optional.empty();
        List<Pattern> errors = new ArrayList<>();
        JsonNode errorNode = s.get("errorPatterns");
        if (errorNode != null && !errorNode.isNull()) {
            if (!errorNode.isArray()) {
                throw new PipelineException(file + ": " + where + " errorPatterns must be a list");
            }
            for (JsonNode e : errorNode) {
                errors.add(regex(file, where + " errorPatterns", e.asText()));
            }
        }
        List<RemediationRule> remediations = new ArrayList<>();
        JsonNode remNode = s.get("remediation");
        if (remNode != null && !remNode.isNull()) {
            if (!remNode.isArray()) {
                throw new PipelineException(file + ": " + where + " remediation must be a list of {pattern, command, dir}");
            }
            for (JsonNode r : remNode) {
                unknownFields(file, where + " remediation.", r, Set.of("pattern", "command", "dir", "description"));
                Pattern pattern = regex(file, where + " remediation pattern", requiredText(file, r, "pattern", where + " remediation"));
                String command = requiredText(file, r, "command", where + " remediation");
                String dir = r.hasNonNull("dir") ? expand(r.get("dir").asText()) : ".";
                remediations.add(new RemediationRule(pattern, command, dir));
            }
        }
        if (runtime && success.isEmpty()) {
            throw new PipelineException(file + ": " + where + " is a runtime step and needs a successPattern "
                    + "(readiness alone never proves a rebuild)");
        }
        return new PipelineStep(number, resource, timeout, runtime, success, List.copyOf(errors), List.copyOf(remediations));
    }

    /** {@code ${VAR}} and {@code ${VAR:default}} from the environment; a leading {@code ~/} is the home directory. */
    String expand(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null || v.isEmpty()) {
                v = m.group(2);
            }
            if (v == null) {
                throw new PipelineException("environment variable " + m.group(1) + " is not set and has no default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        String result = out.toString();
        if (result.equals("~") || result.startsWith("~/")) {
            result = System.getProperty("user.home") + result.substring(1);
        }
        return result;
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static Duration duration(Path file, String where, JsonNode node, Duration fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            Duration d = parseDuration(node.asText());
            if (d.isZero() && !where.contains("debounce")) {
                throw new IllegalArgumentException(node.asText());
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new PipelineException(file + ": " + where + " '" + node.asText() + "' is not a duration like 250ms, 30s, 5m");
        }
    }

    private static Pattern regex(Path file, String where, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new PipelineException(file + ": " + where + " '" + text + "' is not a regular expression: " + e.getDescription());
        }
    }

    private static List<Glob> globs(Path file, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new PipelineException(file + ": " + where + " must be a list of globs");
        }
        List<Glob> globs = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new PipelineException(file + ": " + where + " has an empty or non-text glob");
            }
            globs.add(Glob.of(n.asText()));
        }
        return List.copyOf(globs);
    }

    private static String requiredText(Path file, JsonNode node, String field) {
        return requiredText(file, node, field, null);
    }

    private static String requiredText(Path file, JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new PipelineException(file + ": " + (where == null ? "" : where + " ") + field + " is required");
        }
        return v.asText();
    }

    private static void unknownFields(Path file, String where, JsonNode node, Set<String> known) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new PipelineException(file + ": unknown field " + where + f + " (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }
}
