package dev.hookbus.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.Map;

/**
 * What an ops command did, on {@link Topic#OPS_OUTCOMES} keyed by command id: the operator's tool waits for it.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param commandId the command it answers
 * @param target the service that handled it
 * @param command the command's name
 * @param status what came of it
 * @param message one line for a person
 * @param facts figures of the outcome (counts, a run id), optional
 * @param at when it was decided
 */
public record OpsOutcomeEvent(
        int schemaVersion,
        String commandId,
        String target,
        String command,
        Status status,
        String message,
        Map<String, String> facts,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;

    public OpsOutcomeEvent {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static OpsOutcomeEvent done(OpsCommandEvent command, String message, Map<String, String> facts) {
        return new OpsOutcomeEvent(SCHEMA_VERSION, command.commandId(), command.target(), command.command(), Status.DONE, message, facts,
                Instant.now());
    }

    public static OpsOutcomeEvent refused(OpsCommandEvent command, String message) {
        return new OpsOutcomeEvent(SCHEMA_VERSION, command.commandId(), command.target(), command.command(), Status.REFUSED, message, Map.of(),
                Instant.now());
    }

    public static OpsOutcomeEvent failed(OpsCommandEvent command, String message) {
        return new OpsOutcomeEvent(SCHEMA_VERSION, command.commandId(), command.target(), command.command(), Status.FAILED, message, Map.of(),
                Instant.now());
    }

    public enum Status {
        /** Carried out. */
        DONE,
        /** Not carried out: the command or an argument was wrong, or too old. */
        REFUSED,
        /** Tried and failed. */
        FAILED,
        @JsonEnumDefaultValue
        UNKNOWN
    }
}
