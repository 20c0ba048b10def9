package dev.hookbus.validator.service;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.TiltRunEvent;
import jakarta.enterprise.context.ApplicationScoped;
import dev.hookbus.validator.config.ValidatorConfig;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** The latest sync results, dead letters and Tilt runs for the status page, and the validator's ops commands. */
@ApplicationScoped
public class StatusFeed {
    private static final Logger LOG = Logger.getLogger(StatusFeed.class);
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

    @Incoming("ops")
    public void onOps(byte[] payload) throws Exception {
        OpsCommandEvent command = EventJson.read(payload, OpsCommandEvent.class);
        if (!OpsCommandEvent.VALIDATOR.equals(command.target())) {
            return;
        }
        if (command.olderThan(config.opsMaxAge(), Instant.now())) {
            LOG.warnf("validator: ops command %s (%s) issued at %s is older than %s: skipped", command.command(), command.commandId(),
                    command.issuedAt(), config.opsMaxAge());
            return;
        }
        switch (command.command()) {
            case "reconcile" -> validator.pass("ops:" + command.commandId(), Boolean.parseBoolean(command.args().getOrDefault("autoSync", "true")),
                    Boolean.parseBoolean(command.args().getOrDefault("prune", "false")));
            case "resync" -> validator.resync(command.args().getOrDefault("target", "all"), "ops:" + command.commandId());
            default -> LOG.warnf("validator: unknown ops command '%s' (%s) ignored", command.command(), command.commandId());
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
