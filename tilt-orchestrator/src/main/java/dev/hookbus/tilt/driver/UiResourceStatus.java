package dev.hookbus.tilt.driver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What matters of {@code tilt get uiresource NAME -o json} to decide completion. Absent fields (Tilt omits false and
 * empty ones) read as their empty value.
 *
 * @param newestFinished the number N of {@code buildHistory[0].spanID = build:N}, or -1
 * @param newestError that build's error, empty when it succeeded
 * @param newestStarted when that build started, null when unknown
 * @param currentBuild the number of the build running now, or -1
 * @param queued whether a build is queued
 * @param disabled whether the resource is disabled
 * @param runtimeStatus Tilt's runtime status (never proof of a rebuild)
 * @param updateStatus Tilt's update status
 */
public record UiResourceStatus(long newestFinished, String newestError, java.time.Instant newestStarted, long currentBuild, boolean queued, boolean disabled,
        String runtimeStatus, String updateStatus) {

    static UiResourceStatus from(JsonNode resource) {
        JsonNode status = resource.path("status");
        JsonNode newest = status.path("buildHistory").path(0);
        return new UiResourceStatus(
                spanNumber(newest.path("spanID").asText("")),
                newest.path("error").asText(""),
                instant(newest.path("startTime").asText("")),
                spanNumber(status.path("currentBuild").path("spanID").asText("")),
                status.path("queued").asBoolean(false),
                "Disabled".equalsIgnoreCase(status.path("disableStatus").path("state").asText("")),
                status.path("runtimeStatus").asText(""),
                status.path("updateStatus").asText(""));
    }

    private static java.time.Instant instant(String text) {
        try {
            return text.isEmpty() ? null : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** {@code build:N} → N; anything else → -1. */
    public static long spanNumber(String spanId) {
        if (spanId == null || !spanId.startsWith("build:")) {
            return -1;
        }
        try {
            return Long.parseLong(spanId.substring("build:".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The newest build number Tilt knows of, finished or running: a build that satisfies a trigger must exceed it. */
    public long baseline() {
        return Math.max(newestFinished, currentBuild);
    }
}
