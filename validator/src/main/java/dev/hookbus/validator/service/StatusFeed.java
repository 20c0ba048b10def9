package dev.hookbus.validator.service;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommand;
import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.kit.ops.OpsGate;
import dev.hookbus.kit.ops.OpsOutcomes;
import dev.hookbus.validator.reconcile.Report;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.TiltRunEvent;
import jakarta.enterprise.context.ApplicationScoped;
import dev.hookbus.validator.config.ValidatorConfig;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The latest sync results, dead letters and Tilt runs for the status page, and the validator's ops commands. */
@ApplicationScoped
public class StatusFeed {
    private static final int KEEP = 30;

    private final Deque<SyncResultEvent> results = new ArrayDeque<>();
    private final Deque<SyncResultEvent> deadLetters = new ArrayDeque<>();
    private final Deque<TiltRunEvent> tiltRuns = new ArrayDeque<>();

    @Inject
    ValidatorService validator;
    @Inject
    ValidatorConfig config;

    @Incoming("sync-results-feed")
    public synchronized void onResult(byte[] payload) {
        SyncResultEvent result = EventJson.read(payload, SyncResultEvent.class);
        push(result.outcome() == SyncResultEvent.Outcome.DEAD_LETTERED ? deadLetters : results, result);
    }

    @Incoming("tilt-runs-feed")
    public synchronized void onTiltRun(byte[] payload) {
        TiltRunEvent run = EventJson.read(payload, TiltRunEvent.class);
        if (run.type() == TiltRunEvent.Type.RUN_FINISHED) {
            push(tiltRuns, run);
        }
    }

    @Inject
    OpsOutcomes outcomes;

    @Incoming("ops")
    public void onOps(byte[] payload) throws Exception {
        Optional<OpsGate.Admitted> admitted = new OpsGate(OpsCommandEvent.VALIDATOR, config.opsMaxAge(), outcomes).admit(payload);
        if (admitted.isEmpty()) {
            return;
        }
        OpsCommandEvent command = admitted.get().event();
        try {
            switch (admitted.get().command()) {
                case RECONCILE -> {
                    if (validator.roots().isEmpty()) {
                        outcomes.publish(OpsOutcomeEvent.refused(command, "no roots configured: set HOOKBUS_ROOTS (or validator.roots)"));
                        return;
                    }
                    boolean autoSync = Boolean.parseBoolean(OpsCommand.value(command.args(), "autoSync", "true"));
                    Report report = validator.pass("ops:" + command.commandId(), autoSync, Boolean.parseBoolean(OpsCommand.value(command.args(),
                            "prune", "false")));
                    Map<String, String> facts = new LinkedHashMap<>();
                    report.counts().forEach((state, n) -> facts.put(state.name().toLowerCase(), Integer.toString(n)));
                    outcomes.publish(OpsOutcomeEvent.done(command, "pass over " + report.roots() + ": " + report.drift().size() + " drifted"
                            + (autoSync && !report.drift().isEmpty() ? " (repairs published)" : ""), facts));
                }
                case RESYNC -> {
                    String target = OpsCommand.value(command.args(), "target", "all");
                    int published = validator.resync(target, "ops:" + command.commandId());
                    outcomes.publish(OpsOutcomeEvent.done(command, published + " repair(s) published for " + target,
                            Map.of("repairs", Integer.toString(published))));
                }
                default -> outcomes.publish(OpsOutcomeEvent.refused(command, "the validator does not carry out " + command.command()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            outcomes.publish(OpsOutcomeEvent.failed(command, command.command() + " failed: " + e.getMessage()));
        }
    }

    private static <T> void push(Deque<T> deque, T item) {
        deque.addFirst(item);
        while (deque.size() > KEEP) {
            deque.removeLast();
        }
    }

    public synchronized List<SyncResultEvent> results() {
        return new ArrayList<>(results);
    }

    public synchronized List<SyncResultEvent> deadLetters() {
        return new ArrayList<>(deadLetters);
    }

    public synchronized List<TiltRunEvent> tiltRuns() {
        return new ArrayList<>(tiltRuns);
    }
}
