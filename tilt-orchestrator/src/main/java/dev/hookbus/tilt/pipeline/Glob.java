package dev.hookbus.tilt.pipeline;

import java.util.regex.Pattern;

/**
 * A path glob over workspace-relative paths with {@code /} separators: {@code **} crosses directories ({@code a/**}
 * matches everything under {@code a}, {@code **}{@code /x} matches {@code x} at any depth, the top included),
 * {@code *} and {@code ?} stay within one segment.
 */
public record Glob(String text, Pattern regex) {

    public static Glob of(String text) {
        if (text == null || text.isBlank()) {
            throw new PipelineException("an empty glob");
        }
        StringBuilder re = new StringBuilder();
        String g = text.startsWith("/") ? text.substring(1) : text;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, Pattern.compile(re.toString()));
    }

    public boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
