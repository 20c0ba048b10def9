package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.List;

/**
 * A run or step transition of tilt-orchestrator, published on {@link Topic#TILT_RUNS} keyed by {@link #pipeline()}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param eventId unique per event
 * @param type which transition
 * @param runId the run
 * @param pipeline the pipeline's name
 * @param projectRoot the workspace the run is for
 * @param status the run's status after this transition
 * @param requiredSteps resources the run executes, in pipeline order (on RUN_STARTED)
 * @param stepNumber the step's position in the pipeline (1-based), for step events and a failed run
 * @param resource the step's Tilt resource
 * @param failure why a step or run failed
 * @param verdict the run's one final line (on RUN_FINISHED)
 * @param logPath the {@code logs/sync-error-<ts>.log} written for a failure
 * @param buildSpanId the Tilt build ({@code build:N}) that satisfied or failed the step
 * @param trigger what started the run (hook event id, ops command, REST, CLI)
 * @param at when it happened
 */
public record TiltRunEvent(
        int schemaVersion,
        String eventId,
        Type type,
        String runId,
        String pipeline,
        String projectRoot,
        Status status,
        List<String> requiredSteps,
        Integer stepNumber,
        String resource,
        Failure failure,
        String verdict,
        String logPath,
        String buildSpanId,
        String trigger,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;

    public static final String SUCCESS_LINE = "SUCCESS: The sync and deploy process completed successfully for all services";

    public TiltRunEvent {
        requiredSteps = requiredSteps == null ? List.of() : List.copyOf(requiredSteps);
    }

    /** {@code ERROR: The sync and deploy process failed at Step N (<resource>): <reason>}. */
    public static String errorLine(int stepNumber, String resource, String reason) {
        return "ERROR: The sync and deploy process failed at Step " + stepNumber + " (" + resource + "): " + reason;
    }

    public enum Type {
        RUN_QUEUED,
        RUN_STARTED,
        STEP_STARTED,
        STEP_FINISHED,
        RUN_FINISHED,
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public enum Status {
        QUEUED,
        RUNNING,
        SUCCESS,
        ERROR,
        CANCELLED,
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public enum Failure {
        BUILD_ERROR,
        RUNTIME_ERROR,
        TIMEOUT,
        DISABLED_RESOURCE,
        UNKNOWN_RESOURCE,
        TILT_UNREACHABLE,
        CANCELLED,
        @JsonEnumDefaultValue
        OTHER
    }
}
