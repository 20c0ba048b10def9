package dev.hookbus.tilt.run;

import dev.hookbus.events.TiltRunEvent.Failure;
import java.util.List;

/**
 * How a step ended.
 *
 * @param ok whether a build started after the trigger finished and proved the change is up
 * @param buildSpanId the build that decided it ({@code build:N}), when there was one
 * @param failure why it failed
 * @param reason the reason of the ERROR line
 * @param lines the step's own lines (the new build's, then runtime lines after it) for the error log
 */
public record StepOutcome(boolean ok, String buildSpanId, Failure failure, String reason, List<String> lines) {

    public static StepOutcome success(String buildSpanId, List<String> lines) {
        return new StepOutcome(true, buildSpanId, null, null, lines);
    }

    public static StepOutcome failed(Failure failure, String buildSpanId, String reason, List<String> lines) {
        return new StepOutcome(false, buildSpanId, failure, reason, lines);
    }
}
