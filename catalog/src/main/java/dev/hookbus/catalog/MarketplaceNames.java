package dev.hookbus.catalog;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A marketplace root's name: the root directory's name unless configuration maps the path to another name. Disk
 * scans and hook events use this same rule.
 */
public final class MarketplaceNames {
    private final Map<Path, String> overrides = new HashMap<>();

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
        Path fileName = root.getFileName();
        return fileName == null ? "root" : fileName.toString();
    }
}
