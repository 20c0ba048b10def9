package dev.hookbus.catalog;

import java.nio.file.Path;

/**
 * Classifies one path (what a hook event carries) into the same marketplace / plugin / kind / name / sync key that
 * {@link Discovery} gives, from the path and the marketplace's name ({@link MarketplaceNames}: at most its manifest is
 * read, never the file itself).
 */
public final class Classifier {
    private final MarketplaceNames names;

    public Classifier(MarketplaceNames names) {
        this.names = names;
    }

    /** What a path is. */
    public sealed interface Classification permits Located, NotAComponent {
    }

    /** A catalog file under {@code marketplaceRoot}. */
    public record Located(ComponentFile file, Path marketplaceRoot) implements Classification {
    }

    public record NotAComponent(String reason) implements Classification {
    }

    /** A path as a hook reports it: absolute, or relative to {@code base} (the event's cwd). */
    public Classification classify(Path base, String path) {
        if (path == null || path.isBlank()) {
            return new NotAComponent("empty path");
        }
        if (path.indexOf('\0') >= 0) {
            return new NotAComponent("path contains a NUL character");
        }
        Path given = Path.of(path);
        if (!given.isAbsolute()) {
            if (base == null) {
                return new NotAComponent("relative path without a base directory");
            }
            Path normalizedBase = base.toAbsolutePath().normalize();
            Path resolved = normalizedBase.resolve(given).normalize();
            if (!resolved.startsWith(normalizedBase)) {
                return new NotAComponent("path escapes its base directory with '..'");
            }
            given = resolved;
        }
        return classify(given);
    }

    public Classification classify(Path absolutePath) {
        if (!absolutePath.isAbsolute()) {
            return classify(null, absolutePath.toString());
        }
        if (containsDotDot(absolutePath)) {
            return new NotAComponent("absolute path contains '..'");
        }
        Path path = absolutePath.normalize();
        int n = path.getNameCount();
        // layouts end 2, 4 or 5 segments below the marketplace root; the last matching 'plugins' wins
        for (int depth : new int[] {5, 4, 2}) {
            if (n < depth) {
                continue;
            }
            Path root = n == depth ? path.getRoot() : path.getRoot().resolve(path.subpath(0, n - depth));
            String relative = path.subpath(n - depth, n).toString().replace('\\', '/');
            // the layout first (no disk): only a root the path really sits under is named, which may read its manifest
            if (ComponentFile.locate(names.directoryName(root), relative).isPresent()) {
                return new Located(ComponentFile.locate(names.nameOf(root), relative).orElseThrow(), root);
            }
        }
        return new NotAComponent("not an agent, command, skill, hooks.json or manifest of a plugin marketplace");
    }

    private static boolean containsDotDot(Path path) {
        for (Path part : path) {
            if (part.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }
}
