package dev.hookbus.tilt.run;

import dev.hookbus.events.TiltRunEvent.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One step of a run as it goes; {@link #view()} is its JSON shape. */
public final class StepRecord {
    public enum Status { PENDING, RUNNING, SUCCESS, ERROR, SKIPPED }

    private final int number;
    private final String resource;
    private Status status = Status.PENDING;
    private String buildSpanId;
    private Failure failure;
    private String reason;
    private Instant startedAt;
    private Instant finishedAt;
    private int triggers;
    private final List<String> remediations = new ArrayList<>();

    StepRecord(int number, String resource) {
        this.number = number;
        this.resource = resource;
    }

    public int number() {
        return number;
    }

    public String resource() {
        return resource;
    }

    synchronized void started(Instant at) {
        status = Status.RUNNING;
        startedAt = at;
    }

    synchronized void triggered() {
        triggers++;
    }

    synchronized void remediated(String command) {
        remediations.add(command);
    }

    synchronized void finished(StepOutcome outcome, Instant at) {
        status = outcome.ok() ? Status.SUCCESS : Status.ERROR;
        buildSpanId = outcome.buildSpanId();
        failure = outcome.failure();
        reason = outcome.reason();
        finishedAt = at;
    }

    synchronized void skipped() {
        if (status == Status.PENDING) {
            status = Status.SKIPPED;
        }
    }

    public synchronized View view() {
        return new View(number, resource, status, buildSpanId, failure, reason, triggers, List.copyOf(remediations), startedAt, finishedAt);
    }

    /** A step as REST and the CLI show it. */
    public record View(int number, String resource, Status status, String buildSpanId, Failure failure, String reason, int triggers,
            List<String> remediations, Instant startedAt, Instant finishedAt) {
    }
}
