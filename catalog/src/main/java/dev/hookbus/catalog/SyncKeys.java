package dev.hookbus.catalog;

/** The keys of ARCHITECTURE.md: {@code <mp>}, {@code <mp>/<p>}, {@code <mp>/<p>/<kind>/<name>}. */
public final class SyncKeys {
    private SyncKeys() {
    }

    public static String marketplace(String marketplace) {
        return marketplace;
    }

    public static String plugin(String marketplace, String plugin) {
        return marketplace + "/" + plugin;
    }

    public static String component(String marketplace, String plugin, ComponentKind kind, String name) {
        if (kind.isContainer()) {
            throw new IllegalArgumentException(kind + " has no component key");
        }
        return marketplace + "/" + plugin + "/" + kind.directory() + "/" + name;
    }

    /** The key of the record a component links to: its plugin, or a plugin's marketplace; null for a marketplace. */
    public static String parent(String syncKey) {
        int slash = syncKey.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String[] parts = syncKey.split("/", 4);
        return parts.length == 2 ? parts[0] : parts[0] + "/" + parts[1];
    }
}
