package dev.hookbus.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A marketplace root's name, the way Claude Code names a marketplace: configuration (a path mapped to a name) first,
 * then the {@code name} of its {@code .claude-plugin/marketplace.json} (read from disk, or learned from a hook event
 * that carried the file), and the root directory's name only when there is no manifest. Disk scans and hook events use
 * this same rule.
 */
public final class MarketplaceNames {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Path, String> overrides = new HashMap<>();
    private final Map<Path, String> learned = new ConcurrentHashMap<>();
    private final Map<Path, Cached> read = new ConcurrentHashMap<>();
    private final Map<Path, Set<String>> earlier = new ConcurrentHashMap<>();

    private record Cached(long modified, long size, String name) {
    }

    public MarketplaceNames(Map<Path, String> overrides) {
        overrides.forEach((path, name) -> this.overrides.put(path.toAbsolutePath().normalize(), name));
    }

    public static MarketplaceNames byDirectoryName() {
        return new MarketplaceNames(Map.of());
    }

    /** Parses {@code /path/a=name-a,/path/b=name-b} (the form used in configuration). */
    public static MarketplaceNames parse(String spec) {
        Map<Path, String> map = new HashMap<>();
        if (spec != null) {
            for (String entry : spec.split(",")) {
                int eq = entry.lastIndexOf('=');
                if (eq > 0 && eq < entry.length() - 1) {
                    map.put(Path.of(entry.substring(0, eq).strip()), entry.substring(eq + 1).strip());
                }
            }
        }
        return new MarketplaceNames(map);
    }

    public String nameOf(Path marketplaceRoot) {
        Path root = marketplaceRoot.toAbsolutePath().normalize();
        String configured = overrides.get(root);
        if (configured != null) {
            return configured;
        }
        String manifest = manifestName(root);
        return manifest != null ? manifest : directoryName(root);
    }

    /** The root directory's name: what earlier versions called every marketplace. */
    public String directoryName(Path marketplaceRoot) {
        Path fileName = marketplaceRoot.toAbsolutePath().normalize().getFileName();
        return fileName == null ? "root" : fileName.toString();
    }

    /**
     * The names the marketplace's records may still carry: the directory name (before its manifest's name was read) and
     * the names its manifest gave it before a rename this process saw, except the current name (and none when
     * configuration names the root).
     */
    public List<String> formerNames(Path marketplaceRoot) {
        Path root = marketplaceRoot.toAbsolutePath().normalize();
        if (overrides.containsKey(root)) {
            return List.of();
        }
        String name = nameOf(root);
        Set<String> former = new LinkedHashSet<>(earlier.getOrDefault(root, Set.of()));
        former.add(directoryName(root));
        former.remove(name);
        return List.copyOf(former);
    }

    /** A hook event carried the marketplace's manifest: its name holds for this root from now on. */
    public void learn(Path marketplaceRoot, String manifestText) {
        learn(marketplaceRoot, manifestText, null);
    }

    /**
     * A hook event carried the marketplace's manifest and, when the tool reported it, the manifest as it was before: a
     * name it had then is a former name from now on (a rename in the manifest re-keys the records in place).
     */
    public void learn(Path marketplaceRoot, String manifestText, String formerManifestText) {
        String name = nameIn(manifestText);
        Path root = marketplaceRoot.toAbsolutePath().normalize();
        remember(root, learned.get(root), name);
        if (formerManifestText != null) {
            remember(root, nameIn(formerManifestText), name);
        }
        if (name != null) {
            learned.put(root, name);
        } else {
            learned.remove(root);
        }
    }

    private void remember(Path root, String before, String now) {
        if (before != null && !before.equals(now)) {
            earlier.computeIfAbsent(root, r -> ConcurrentHashMap.newKeySet()).add(before);
        }
    }

    private String manifestName(Path root) {
        Path manifest = root.resolve(".claude-plugin/marketplace.json");
        try {
            if (Files.isRegularFile(manifest)) {
                long modified = Files.getLastModifiedTime(manifest).toMillis();
                long size = Files.size(manifest);
                Cached cached = read.get(root);
                if (cached == null || cached.modified() != modified || cached.size() != size) {
                    Cached before = cached;
                    cached = new Cached(modified, size, size > 1024 * 1024 ? null : nameIn(Files.readString(manifest)));
                    read.put(root, cached);
                    if (before != null) {
                        remember(root, before.name(), cached.name());
                    }
                }
                if (cached.name() != null) {
                    return cached.name();
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable here: what an event taught, else the directory name
        }
        return learned.get(root);
    }

    private static String nameIn(String manifestText) {
        try {
            JsonNode name = JSON.readTree(manifestText).path("name");
            String text = name.isTextual() ? name.asText().strip() : null;
            return text != null && ComponentFile.validName(text) ? text : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
