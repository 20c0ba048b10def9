package dev.hookbus.tilt.pipeline;

import java.util.List;

/** Changed paths matching any of {@code globs} require {@code steps} (resource names, in any order). */
public record PathRule(List<Glob> globs, List<String> steps) {

    public boolean matches(String relativePath) {
        return globs.stream().anyMatch(g -> g.matches(relativePath));
    }
}
