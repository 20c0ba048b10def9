package dev.hookbus.tilt.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Tilt resource of a pipeline.
 *
 * @param number the position in the pipeline, 1-based ("Step N")
 * @param resource the Tilt resource name
 * @param timeout how long the step may take, trigger to verdict
 * @param runtime whether the step's work happens at runtime (a compose service running {@code cargo run}): the
 *        success pattern must then appear in runtime lines after the new build
 * @param successPattern required in the new build's lines (build steps) or in the runtime lines after it
 * @param errorPatterns any match in those lines fails the step at once
 * @param remediations what to do about known failures
 */
public record PipelineStep(int number, String resource, Duration timeout, boolean runtime, Optional<Pattern> successPattern,
        List<Pattern> errorPatterns, List<RemediationRule> remediations) {

    public PipelineStep withTimeout(Duration newTimeout) {
        return new PipelineStep(number, resource, newTimeout, runtime, successPattern, errorPatterns, remediations);
    }
}
