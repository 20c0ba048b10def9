package dev.hookbus.tilt.service;

import static dev.hookbus.kit.messaging.KeyedMessages.keyed;

import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.events.TiltRunEvent.Type;
import dev.hookbus.tilt.run.RunListener;
import dev.hookbus.tilt.run.RunRecord;
import dev.hookbus.tilt.run.StepOutcome;
import dev.hookbus.tilt.run.StepRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes run and step events on {@code hookbus.tilt-runs.v1}, keyed by pipeline, one at a time in transition order,
 * each after the broker's ack. RUN_FINISHED is awaited before the run's hook events are acknowledged.
 */
@ApplicationScoped
public class RunEventPublisher implements RunListener {
    public static final String CHANNEL = "tilt-runs-out";
    private static final Logger LOG = Logger.getLogger(RunEventPublisher.class);
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tilt-run-events");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        sender.shutdown();
    }

    @Override
    public void runQueued(RunRecord run) {
        publish(event(run, Type.RUN_QUEUED, null, null));
    }

    @Override
    public void runStarted(RunRecord run) {
        publish(event(run, Type.RUN_STARTED, null, null));
    }

    @Override
    public void stepStarted(RunRecord run, StepRecord step) {
        publish(event(run, Type.STEP_STARTED, step, null));
    }

    @Override
    public void stepFinished(RunRecord run, StepRecord step, StepOutcome outcome) {
        publish(event(run, Type.STEP_FINISHED, step, outcome));
    }

    @Override
    public void runFinished(RunRecord run) {
        Future<?> sent = publish(event(run, Type.RUN_FINISHED, null, null));
        try {
            sent.get(ACK_WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf("run %s: RUN_FINISHED not confirmed by Kafka: %s", run.runId(), e.getMessage());
        }
    }

    private Future<?> publish(TiltRunEvent event) {
        return sender.submit(() -> {
            Message<byte[]> message = keyed(event.pipeline(), EventJson.toBytes(event));
            try {
                emitter.sendMessage(message).await().atMost(ACK_WAIT);
            } catch (RuntimeException e) {
                LOG.errorf("run %s: %s event not published: %s", event.runId(), event.type(), e.getMessage());
                throw e;
            }
        });
    }

    static TiltRunEvent event(RunRecord run, Type type, StepRecord step, StepOutcome outcome) {
        RunRecord.View view = run.view();
        boolean failedRun = type == Type.RUN_FINISHED && view.failedStep() != null;
        Integer stepNumber = step != null ? Integer.valueOf(step.number()) : failedRun ? view.failedStep() : null;
        String resource = step != null ? step.resource()
                : failedRun ? view.steps().stream().filter(s -> s.number() == view.failedStep()).map(StepRecord.View::resource).findFirst().orElse(null)
                : null;
        String span = outcome != null ? outcome.buildSpanId() : null;
        return new TiltRunEvent(TiltRunEvent.SCHEMA_VERSION, EventIds.random(), type, run.runId(), run.pipeline(), run.projectRoot(),
                view.status(), type == Type.RUN_STARTED || type == Type.RUN_FINISHED ? run.stepResources() : view.requestedSteps(),
                stepNumber, resource,
                outcome != null ? outcome.failure() : type == Type.RUN_FINISHED ? view.failure() : null,
                type == Type.RUN_FINISHED ? view.verdict() : outcome != null && !outcome.ok() ? outcome.reason() : null,
                type == Type.RUN_FINISHED ? view.logPath() : null,
                span, run.firstTrigger(), Instant.now());
    }
}
