package dev.hookbus.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An operator command on {@link Topic#OPS} keyed by {@link #target()}. Base-scoped commands are forwarded by
 * airtable-sync onto the writes topic as {@link WriteIntentEvent.Operation#CONTROL} intents.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param commandId unique per command
 * @param target the service it is for: {@link #AIRTABLE_SYNC}, {@link #TILT_ORCHESTRATOR}, {@link #VALIDATOR}
 * @param command e.g. {@code tilt.run}, {@code tilt.cancel}, {@code reconcile}, {@code resync}, {@code dlq.replay},
 *        {@code base.pause}, {@code base.resume}, {@code ledger.relist}; unknown commands are reported, not dropped
 * @param args command arguments
 * @param issuedAt when it was issued
 * @param issuedBy who issued it (a person or a service)
 */
public record OpsCommandEvent(
        int schemaVersion,
        String commandId,
        String target,
        String command,
        Map<String, String> args,
        Instant issuedAt,
        String issuedBy) {

    public static final int SCHEMA_VERSION = 1;
    public static final String AIRTABLE_SYNC = "airtable-sync";
    public static final String TILT_ORCHESTRATOR = "tilt-orchestrator";
    public static final String VALIDATOR = "validator";

    public OpsCommandEvent {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    /**
     * Whether it was issued longer than {@code maxAge} before {@code now}. Ops consumers read from the earliest offset
     * (a command sent while their group forms is not lost) and skip such commands (a new deployment must not replay
     * last week's pause). A command without {@code issuedAt} is never too old.
     */
    public boolean olderThan(Duration maxAge, Instant now) {
        return issuedAt != null && issuedAt.isBefore(now.minus(maxAge));
    }
}
