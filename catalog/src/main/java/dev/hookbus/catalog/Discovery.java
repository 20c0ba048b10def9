package dev.hookbus.catalog;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every marketplace under a root (a directory holding {@code plugins/}), every plugin, and every component. Symlinks
 * are followed only when they stay inside the root; files over 1 MiB are Invalid and not read.
 */
public final class Discovery {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "node_modules", "target", ".hookbus", ".venv");
    private static final int MAX_DEPTH = 12;

    private final MarketplaceNames names;

    public Discovery(MarketplaceNames names) {
        this.names = names;
    }

    /**
     * One file found on disk.
     *
     * @param file where it sits in its marketplace
     * @param absolutePath on this disk
     * @param modified the file's modification time (the validator's Source Time)
     * @param components what it holds (one Invalid entry when nothing could be produced)
     */
    public record FoundFile(ComponentFile file, Path absolutePath, Instant modified, List<Component> components) {
    }

    /**
     * @param marketplaceRoots the marketplace roots found
     * @param files catalog files found, with their parsed components
     * @param components every entry: marketplaces and plugins (from manifests or their keys) and components
     * @param skipped paths left out, with the reason (symlinks out of the root, unreadable directories)
     */
    public record Result(List<Path> marketplaceRoots, List<FoundFile> files, List<Component> components, List<String> skipped) {
    }

    public Result discover(Path root) throws IOException {
        Path realRoot = root.toRealPath();
        List<String> skipped = new ArrayList<>();
        List<Path> marketplaceRoots = findMarketplaceRoots(realRoot, skipped);
        List<FoundFile> files = new ArrayList<>();
        List<Component> components = new ArrayList<>();
        for (Path mpRoot : marketplaceRoots) {
            String marketplace = names.nameOf(mpRoot);
            Path mpManifest = mpRoot.resolve(".claude-plugin/marketplace.json");
            Optional<FoundFile> manifest = read(realRoot, mpRoot, marketplace, mpManifest, skipped);
            manifest.ifPresent(files::add);
            components.addAll(manifest.map(FoundFile::components).orElse(List.of(ComponentParser.marketplaceFromKey(marketplace))));
            for (Path pluginDir : sortedChildren(mpRoot.resolve("plugins"))) {
                String plugin = pluginDir.getFileName().toString();
                if (!Files.isDirectory(pluginDir) || !ComponentFile.validName(plugin) || !insideRoot(realRoot, pluginDir, skipped)) {
                    continue;
                }
                Optional<FoundFile> pluginManifest = read(realRoot, mpRoot, marketplace, pluginDir.resolve(".claude-plugin/plugin.json"), skipped);
                pluginManifest.ifPresent(files::add);
                components.addAll(pluginManifest.map(FoundFile::components)
                        .orElse(List.of(ComponentParser.pluginFromKey(marketplace, plugin))));
                List<Path> candidates = new ArrayList<>();
                for (String dir : List.of("agents", "commands")) {
                    sortedChildren(pluginDir.resolve(dir)).stream().filter(p -> p.getFileName().toString().endsWith(".md"))
                            .forEach(candidates::add);
                }
                sortedChildren(pluginDir.resolve("skills")).forEach(skillDir -> candidates.add(skillDir.resolve("SKILL.md")));
                candidates.add(pluginDir.resolve("hooks/hooks.json"));
                for (Path candidate : candidates) {
                    read(realRoot, mpRoot, marketplace, candidate, skipped).ifPresent(found -> {
                        files.add(found);
                        components.addAll(found.components());
                    });
                }
            }
        }
        return new Result(marketplaceRoots, files, components, skipped);
    }

    private Optional<FoundFile> read(Path realRoot, Path mpRoot, String marketplace, Path path, List<String> skipped) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !insideRoot(realRoot, path, skipped) || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        String relative = mpRoot.relativize(path).toString().replace('\\', '/');
        Optional<ComponentFile> file = ComponentFile.locate(marketplace, relative);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Instant modified = Files.getLastModifiedTime(path).toInstant();
        long size = Files.size(path);
        List<Component> components;
        if (size > ComponentParser.MAX_BYTES) {
            components = ComponentParser.parse(file.get(), new byte[ComponentParser.MAX_BYTES + 1]);
        } else {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                skipped.add(relative + ": unreadable (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
            components = ComponentParser.parse(file.get(), bytes);
        }
        return Optional.of(new FoundFile(file.get(), path, modified, components));
    }

    /** Symlinks are followed only when their target stays inside the root. */
    private static boolean insideRoot(Path realRoot, Path path, List<String> skipped) {
        if (!Files.isSymbolicLink(path)) {
            return true;
        }
        try {
            if (path.toRealPath().startsWith(realRoot)) {
                return true;
            }
            skipped.add(path + ": symlink out of the root, not followed");
        } catch (IOException e) {
            skipped.add(path + ": broken symlink");
        }
        return false;
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static List<Path> findMarketplaceRoots(Path realRoot, List<String> skipped) throws IOException {
        List<Path> roots = new ArrayList<>();
        Files.walkFileTree(realRoot, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(realRoot) && SKIPPED_DIRECTORIES.contains(name)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (Files.isDirectory(dir.resolve("plugins"), LinkOption.NOFOLLOW_LINKS)) {
                    roots.add(dir);
                    // a marketplace's own plugins are not marketplaces
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                skipped.add(file + ": unreadable (" + exc.getClass().getSimpleName() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
        roots.sort(Comparator.naturalOrder());
        return roots;
    }
}
