package dev.hookbus.kit.ops;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommand;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.OpsOutcomeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What every ops consumer does before it acts: read the command, keep only those for its own target, skip those
 * older than the allowed age, and refuse an unknown command or a wrong argument (with an outcome the operator sees).
 */
public final class OpsGate {
    private static final Logger LOG = Logger.getLogger(OpsGate.class);

    private final String target;
    private final Duration maxAge;
    private final OpsOutcomes outcomes;

    public OpsGate(String target, Duration maxAge, OpsOutcomes outcomes) {
        this.target = target;
        this.maxAge = maxAge;
        this.outcomes = outcomes;
    }

    /** A command to carry out, checked against {@link OpsCommand}. */
    public record Admitted(OpsCommandEvent event, OpsCommand command) {
    }

    public Optional<Admitted> admit(byte[] payload) {
        OpsCommandEvent event;
        try {
            event = EventJson.read(payload, OpsCommandEvent.class);
        } catch (RuntimeException e) {
            LOG.warnf("%s: an ops record that is not a command was ignored (%s)", target, e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (!target.equals(event.target())) {
            return Optional.empty();
        }
        if (event.olderThan(maxAge, Instant.now())) {
            // no outcome: the operator who sent it stopped waiting long ago
            LOG.warnf("%s: ops command %s (%s) issued at %s is older than %s: skipped", target, event.command(), event.commandId(),
                    event.issuedAt(), maxAge);
            return Optional.empty();
        }
        Optional<OpsCommand> command = OpsCommand.find(target, String.valueOf(event.command()));
        if (command.isEmpty()) {
            outcomes.publish(OpsOutcomeEvent.refused(event, "unknown " + target + " command '" + event.command() + "'"));
            return Optional.empty();
        }
        List<String> problems = command.get().problems(event.args());
        if (!problems.isEmpty()) {
            outcomes.publish(OpsOutcomeEvent.refused(event, String.join("; ", problems)));
            return Optional.empty();
        }
        return Optional.of(new Admitted(event, command.get()));
    }
}
