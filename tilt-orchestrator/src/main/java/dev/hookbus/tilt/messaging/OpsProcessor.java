package dev.hookbus.tilt.messaging;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.tilt.pipeline.PipelineException;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.service.Orchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** {@code tilt.run} (args: pipeline, steps=a,b, stepTimeoutSeconds) and {@code tilt.cancel} (args: pipeline; none = all). */
@ApplicationScoped
public class OpsProcessor {
    public static final String CHANNEL = "ops";
    private static final Logger LOG = Logger.getLogger(OpsProcessor.class);

    @Inject
    Orchestrator orchestrator;
    @Inject
    dev.hookbus.tilt.config.TiltConfig config;

    @Incoming(CHANNEL)
    public void consume(byte[] payload) {
        OpsCommandEvent command;
        try {
            command = EventJson.read(payload, OpsCommandEvent.class);
        } catch (Exception e) {
            LOG.warnf("ops command that is not valid JSON ignored: %s", e.getMessage());
            return;
        }
        if (!OpsCommandEvent.TILT_ORCHESTRATOR.equals(command.target())) {
            return;
        }
        if (command.olderThan(config.opsMaxAge(), Instant.now())) {
            LOG.warnf("ops %s: %s issued at %s is older than %s, skipped", command.commandId(), command.command(), command.issuedAt(),
                    config.opsMaxAge());
            return;
        }
        String pipeline = command.args().get("pipeline");
        switch (String.valueOf(command.command())) {
            case "tilt.run" -> {
                try {
                    List<String> steps = Arrays.stream(command.args().getOrDefault("steps", "").split(",")).map(String::strip)
                            .filter(s -> !s.isEmpty()).toList();
                    Optional<Duration> timeout = Optional.ofNullable(command.args().get("stepTimeoutSeconds"))
                            .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000)));
                    RunRecord run = orchestrator.request(pipeline == null ? "" : pipeline, steps, "ops:" + command.commandId(), timeout);
                    LOG.infof("ops %s: tilt.run %s queued as run %s", command.commandId(), pipeline, run.runId());
                } catch (PipelineException | NumberFormatException e) {
                    LOG.warnf("ops %s: tilt.run refused: %s", command.commandId(), e.getMessage());
                }
            }
            case "tilt.cancel" -> {
                List<RunRecord> cancelled = orchestrator.cancel(pipeline);
                LOG.infof("ops %s: tilt.cancel %s: %d runs cancelled", command.commandId(), pipeline == null ? "(all)" : pipeline, cancelled.size());
            }
            default -> LOG.warnf("ops %s: unknown tilt-orchestrator command '%s' ignored", command.commandId(), command.command());
        }
    }
}
