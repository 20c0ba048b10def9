package dev.hookbus.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Lenient frontmatter, as Claude Code's loader reads it: valid YAML first; otherwise line by line {@code key: value}
 * with values kept verbatim as written. Text is normalised first (BOM dropped, CRLF and CR to LF), so the result is
 * the same on every platform.
 */
public final class Frontmatter {
    /** Keys whose YAML lists are tool lists, joined with ", ". */
    private static final Set<String> LIST_KEYS = Set.of("tools", "allowed-tools", "disallowedTools", "skills");
    private static final Pattern KEY_VALUE = Pattern.compile("^([A-Za-z0-9_][A-Za-z0-9_.-]*)\\s*:(?:[ \\t]+(.*)|)$");
    private static final Pattern LIST_ITEM = Pattern.compile("^[ \\t]+-[ \\t]+(.*)$");

    /** Building a Yaml is most of the cost of a small file; instances are not thread-safe. */
    private static final ThreadLocal<Yaml> YAML = ThreadLocal.withInitial(() -> {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        return new Yaml(new SafeConstructor(options));
    });

    private Frontmatter() {
    }

    /**
     * @param present whether the file starts with a {@code ---} line
     * @param values frontmatter values by key, as strings, in file order
     * @param body the text after the frontmatter
     * @param bodyStartLine 1-based line number where the body starts
     * @param warnings what was recovered from
     */
    public record Result(boolean present, Map<String, String> values, String body, int bodyStartLine, List<ParseWarning> warnings) {
    }

    /** BOM dropped, CRLF and lone CR turned into LF. */
    public static String normalize(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.replace("\r\n", "\n").replace('\r', '\n');
    }

    public static Result parse(String rawText) {
        String text = normalize(rawText);
        List<ParseWarning> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return new Result(false, Map.of(), text, 1, warnings);
        }
        int close = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                close = i;
                break;
            }
        }
        int end;
        if (close < 0) {
            // no closing delimiter: the frontmatter is the run of key/value (and list) lines after the opening one
            end = 1;
            while (end < lines.length && (KEY_VALUE.matcher(stripTrailing(lines[end])).matches()
                    || LIST_ITEM.matcher(lines[end]).matches())) {
                end++;
            }
            warnings.add(new ParseWarning("NO_CLOSING_DELIMITER", 1, "frontmatter has no closing '---'"));
        } else {
            end = close;
        }
        List<String> block = List.of(lines).subList(1, end);
        int bodyStart = close < 0 ? end : close + 1;
        String body = bodyStart >= lines.length ? "" : String.join("\n", List.of(lines).subList(bodyStart, lines.length));

        Map<String, String> lineValues = lineByLine(block, warnings);
        Map<String, String> values = viaYaml(block, lineValues, warnings);
        if (values == null) {
            values = lineValues;
        }
        return new Result(true, values, body, bodyStart + 1, warnings);
    }

    private static Map<String, String> viaYaml(List<String> block, Map<String, String> lineValues, List<ParseWarning> warnings) {
        String yamlText = String.join("\n", block);
        if (yamlText.isBlank()) {
            return new LinkedHashMap<>();
        }
        Object loaded;
        try {
            loaded = YAML.get().load(yamlText);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 2;
            warnings.add(new ParseWarning("NOT_YAML", line, "frontmatter is not valid YAML (" + firstLine(e.getProblem())
                    + "); read line by line"));
            return null;
        } catch (YAMLException e) {
            warnings.add(new ParseWarning("NOT_YAML", 0, "frontmatter is not valid YAML (" + firstLine(e.getMessage())
                    + "); read line by line"));
            return null;
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            warnings.add(new ParseWarning("NOT_A_MAPPING", 2, "frontmatter is not a key/value mapping; read line by line"));
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            String raw = lineValues.get(key);
            if (value == null) {
                values.put(key, raw == null ? "" : raw);
            } else if (value instanceof List<?> list) {
                if (LIST_KEYS.contains(key) || raw == null || raw.isEmpty()) {
                    values.put(key, joinList(list));
                } else {
                    // e.g. argument-hint: [x] is a list to YAML but a hint as written
                    values.put(key, raw);
                }
            } else if (value instanceof Map<?, ?>) {
                values.put(key, raw == null ? "" : raw);
            } else if (value instanceof String s) {
                values.put(key, s.strip());
            } else {
                // numbers, booleans, dates: as written, not as YAML re-renders them
                values.put(key, raw != null && !raw.isEmpty() ? raw : String.valueOf(value));
            }
        }
        return values;
    }

    private static Map<String, String> lineByLine(List<String> block, List<ParseWarning> warnings) {
        Map<String, String> values = new LinkedHashMap<>();
        String listKey = null;
        List<String> listItems = new ArrayList<>();
        for (int i = 0; i < block.size(); i++) {
            String line = stripTrailing(block.get(i));
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher item = LIST_ITEM.matcher(line);
            if (item.matches() && listKey != null) {
                listItems.add(unquote(item.group(1).strip()));
                continue;
            }
            if (listKey != null && !listItems.isEmpty()) {
                values.put(listKey, String.join(", ", listItems));
            }
            listKey = null;
            listItems = new ArrayList<>();
            Matcher kv = KEY_VALUE.matcher(line.strip());
            if (kv.matches()) {
                String key = kv.group(1);
                String value = kv.group(2) == null ? "" : unquote(kv.group(2).strip());
                values.put(key, value);
                if (value.isEmpty()) {
                    listKey = key;
                }
            } else if (!values.isEmpty() && Character.isWhitespace(block.get(i).charAt(0))) {
                // an indented continuation of the previous value
                String last = values.keySet().stream().reduce((a, b) -> b).orElseThrow();
                String previous = values.get(last);
                values.put(last, previous.isEmpty() ? line.strip() : previous + " " + line.strip());
            } else {
                warnings.add(new ParseWarning("UNREADABLE_LINE", i + 2, "frontmatter line is not 'key: value': ignored"));
            }
        }
        if (listKey != null && !listItems.isEmpty()) {
            values.put(listKey, String.join(", ", listItems));
        }
        return values;
    }

    private static String joinList(List<?> list) {
        List<String> parts = new ArrayList<>();
        for (Object o : list) {
            parts.add(String.valueOf(o).strip());
        }
        return String.join(", ", parts);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'")))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown problem";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
