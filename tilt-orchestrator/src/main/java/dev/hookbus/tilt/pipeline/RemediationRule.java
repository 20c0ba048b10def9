package dev.hookbus.tilt.pipeline;

import java.util.regex.Pattern;

/**
 * When a failing step's lines match {@code pattern}, run {@code command} (through {@code sh -c}) in {@code dir}
 * (relative to the workspace root) and trigger the step again; at most once per rule per run.
 */
public record RemediationRule(Pattern pattern, String command, String dir) {
}
