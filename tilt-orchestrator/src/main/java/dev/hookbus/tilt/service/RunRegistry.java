package dev.hookbus.tilt.service;

import dev.hookbus.tilt.config.TiltConfig;
import dev.hookbus.tilt.run.RunRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The runs this replica knows, newest last; bounded. */
@ApplicationScoped
public class RunRegistry {
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    private final int keep;

    public RunRegistry(TiltConfig config) {
        this.keep = Math.max(10, config.keepRuns());
    }

    public synchronized void add(RunRecord run) {
        runs.put(run.runId(), run);
        Iterator<RunRecord> oldest = runs.values().iterator();
        while (runs.size() > keep && oldest.hasNext()) {
            RunRecord r = oldest.next();
            if (r.finished()) {
                oldest.remove();
            }
        }
    }

    public synchronized Optional<RunRecord> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public synchronized Optional<RunRecord> latest(Predicate<RunRecord> filter) {
        List<RunRecord> all = new ArrayList<>(runs.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            if (filter.test(all.get(i))) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public synchronized List<RunRecord> all() {
        return List.copyOf(runs.values());
    }

    /** Whether a run's workspace and a project directory are the same tree (one inside the other). */
    public static boolean sameProject(RunRecord run, String project) {
        if (run.projectRoot() == null || project == null || project.isBlank()) {
            return false;
        }
        Path a = Path.of(run.projectRoot()).toAbsolutePath().normalize();
        Path b = Path.of(project).toAbsolutePath().normalize();
        return a.startsWith(b) || b.startsWith(a);
    }
}
