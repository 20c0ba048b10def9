package dev.hookbus.catalog;

import java.util.Arrays;
import java.util.Optional;

/** What a catalog record describes. The four component kinds live in a plugin directory of the same name. */
public enum ComponentKind {
    MARKETPLACE(null),
    PLUGIN(null),
    AGENT("agents"),
    COMMAND("commands"),
    SKILL("skills"),
    HOOK("hooks");

    private final String directory;

    ComponentKind(String directory) {
        this.directory = directory;
    }

    /** The plugin subdirectory and the sync-key segment ({@code agents}, {@code commands}, …); null for containers. */
    public String directory() {
        return directory;
    }

    public boolean isContainer() {
        return directory == null;
    }

    public static Optional<ComponentKind> byDirectory(String directory) {
        return Arrays.stream(values()).filter(k -> k.directory != null && k.directory.equals(directory)).findFirst();
    }
}
