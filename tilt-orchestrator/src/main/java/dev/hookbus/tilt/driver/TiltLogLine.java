package dev.hookbus.tilt.driver;

/**
 * One line of {@code tilt logs --json}. Its {@code time} and {@code level} are the CLI's (time of fetching, always
 * info) and are deliberately not kept: lines are told apart by span id and order only.
 */
public record TiltLogLine(String resource, String message, String spanId, String source) {

    public boolean isBuildOf(String buildSpanId) {
        return buildSpanId != null && buildSpanId.equals(spanId);
    }

    public boolean isBuildLine() {
        return spanId != null && spanId.startsWith("build:");
    }

    public String display() {
        return "[" + (spanId == null ? "-" : spanId) + "] " + message;
    }
}
