package dev.hookbus.tilt.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered Tilt rebuild pipeline for one workspace.
 *
 * @param name the pipeline's name (what {@code tilt-orchestrator run NAME} takes)
 * @param source the YAML file it came from
 * @param workspaceRoot the workspace whose changes it reacts to
 * @param debounce quiet time after the last change before a run starts
 * @param logsDir where {@code sync-error-<ts>.log} files go
 * @param ignore changed paths that need no step (UI sources, docs, lock files)
 * @param paths first matching rule per changed path decides its steps
 * @param steps every step, in pipeline order
 */
public record Pipeline(String name, Path source, Path workspaceRoot, Duration debounce, Path logsDir, List<Glob> ignore,
        List<PathRule> paths, List<PipelineStep> steps) {

    public Optional<PipelineStep> step(String resource) {
        return steps.stream().filter(s -> s.resource().equals(resource)).findFirst();
    }

    /** The named steps in pipeline order; an unknown name is a {@link PipelineException}. */
    public List<PipelineStep> select(Collection<String> resources) {
        for (String r : resources) {
            if (step(r).isEmpty()) {
                throw new PipelineException("pipeline " + name + " has no step '" + r + "' (steps: "
                        + steps.stream().map(PipelineStep::resource).toList() + ")");
            }
        }
        return steps.stream().filter(s -> resources.contains(s.resource())).toList();
    }

    /** The resources that changed workspace-relative paths require, in pipeline order (empty: nothing to rebuild). */
    public List<String> requiredBy(Collection<String> relativePaths) {
        Set<String> required = new LinkedHashSet<>();
        for (String path : relativePaths) {
            if (ignore.stream().anyMatch(g -> g.matches(path))) {
                continue;
            }
            paths.stream().filter(rule -> rule.matches(path)).findFirst().ifPresent(rule -> required.addAll(rule.steps()));
        }
        return steps.stream().map(PipelineStep::resource).filter(required::contains).toList();
    }

    /**
     * The given paths (absolute, or relative to {@code projectRoot}) that lie in this pipeline's workspace, relative
     * to it with {@code /} separators; empty when none does.
     */
    public List<String> relativize(String projectRoot, Collection<String> paths) {
        Path root = workspaceRoot.toAbsolutePath().normalize();
        Path base = projectRoot == null || projectRoot.isBlank() ? root : Path.of(projectRoot).toAbsolutePath().normalize();
        return paths.stream().filter(p -> p != null && !p.isBlank())
                .map(p -> base.resolve(p).normalize())
                .filter(p -> p.startsWith(root) && !p.equals(root))
                .map(p -> root.relativize(p).toString().replace('\\', '/'))
                .toList();
    }

    /** Whether a project root is this workspace or lies inside it. */
    public boolean covers(String projectRoot) {
        if (projectRoot == null || projectRoot.isBlank()) {
            return false;
        }
        return Path.of(projectRoot).toAbsolutePath().normalize().startsWith(workspaceRoot.toAbsolutePath().normalize());
    }
}
