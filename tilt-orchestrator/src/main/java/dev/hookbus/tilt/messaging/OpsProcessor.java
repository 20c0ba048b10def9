package dev.hookbus.tilt.messaging;

import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.kit.ops.OpsGate;
import dev.hookbus.kit.ops.OpsOutcomes;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.tilt.pipeline.PipelineException;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.service.Orchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code tilt.run} (args: pipeline, steps=a,b, stepTimeoutSeconds) and {@code tilt.cancel} (args: pipeline; none = all). */
@ApplicationScoped
public class OpsProcessor {
    public static final String CHANNEL = "ops";

    @Inject
    Orchestrator orchestrator;
    @Inject
    dev.hookbus.tilt.config.TiltConfig config;

    @Inject
    OpsOutcomes outcomes;

    @Incoming(CHANNEL)
    public void consume(byte[] payload) {
        Optional<OpsGate.Admitted> admitted = new OpsGate(OpsCommandEvent.TILT_ORCHESTRATOR, config.opsMaxAge(), outcomes).admit(payload);
        if (admitted.isEmpty()) {
            return;
        }
        OpsCommandEvent command = admitted.get().event();
        String pipeline = command.args().get("pipeline");
        switch (admitted.get().command()) {
            case TILT_RUN -> {
                try {
                    List<String> steps = Arrays.stream(command.args().getOrDefault("steps", "").split(",")).map(String::strip)
                            .filter(s -> !s.isEmpty()).toList();
                    Optional<Duration> timeout = Optional.ofNullable(command.args().get("stepTimeoutSeconds"))
                            .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000)));
                    RunRecord run = orchestrator.request(pipeline, steps, "ops:" + command.commandId(), timeout);
                    outcomes.publish(OpsOutcomeEvent.done(command, "run " + run.runId() + " of " + pipeline + " queued (its verdict follows on "
                            + "hookbus.tilt-runs.v1 and GET /api/runs/" + run.runId() + ")", Map.of("runId", run.runId())));
                } catch (PipelineException e) {
                    outcomes.publish(OpsOutcomeEvent.refused(command, e.getMessage()));
                }
            }
            case TILT_CANCEL -> {
                List<RunRecord> cancelled = orchestrator.cancel(pipeline);
                outcomes.publish(OpsOutcomeEvent.done(command, cancelled.size() + " run(s) of " + (pipeline == null ? "every pipeline" : pipeline)
                        + " cancelled", Map.of("cancelled", Integer.toString(cancelled.size()))));
            }
            default -> outcomes.publish(OpsOutcomeEvent.refused(command, "tilt-orchestrator does not carry out " + command.command()));
        }
    }
}
