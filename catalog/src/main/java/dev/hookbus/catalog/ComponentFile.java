package dev.hookbus.catalog;

import java.util.Optional;

/**
 * A file that holds catalog entries, located by its path relative to a marketplace root. The one place that knows
 * the layout, so that discovery, classification and parsing agree.
 *
 * @param role what the file is
 * @param marketplace the marketplace name
 * @param plugin the plugin directory (null for the marketplace manifest)
 * @param name the component name (file stem or skill directory); null for hooks files and manifests
 * @param relativePath {@code /}-separated, relative to the marketplace root
 */
public record ComponentFile(Role role, String marketplace, String plugin, String name, String relativePath) {

    public enum Role {
        MARKETPLACE_MANIFEST,
        PLUGIN_MANIFEST,
        AGENT,
        COMMAND,
        SKILL,
        HOOKS
    }

    /** The sync key of the one entry this file holds; for a hooks file, the key of the file's Invalid entry. */
    public String syncKey() {
        return switch (role) {
            case MARKETPLACE_MANIFEST -> SyncKeys.marketplace(marketplace);
            case PLUGIN_MANIFEST -> SyncKeys.plugin(marketplace, plugin);
            case AGENT -> SyncKeys.component(marketplace, plugin, ComponentKind.AGENT, name);
            case COMMAND -> SyncKeys.component(marketplace, plugin, ComponentKind.COMMAND, name);
            case SKILL -> SyncKeys.component(marketplace, plugin, ComponentKind.SKILL, name);
            case HOOKS -> SyncKeys.component(marketplace, plugin, ComponentKind.HOOK, "hooks.json");
        };
    }

    /**
     * Locates a path relative to a marketplace root: {@code .claude-plugin/marketplace.json},
     * {@code plugins/<p>/.claude-plugin/plugin.json}, {@code plugins/<p>/agents/<n>.md},
     * {@code plugins/<p>/commands/<n>.md}, {@code plugins/<p>/skills/<n>/SKILL.md}, {@code plugins/<p>/hooks/hooks.json}.
     */
    public static Optional<ComponentFile> locate(String marketplace, String relativePath) {
        String[] s = relativePath.split("/");
        if (s.length == 2 && s[0].equals(".claude-plugin") && s[1].equals("marketplace.json")) {
            return Optional.of(new ComponentFile(Role.MARKETPLACE_MANIFEST, marketplace, null, null, relativePath));
        }
        if (s.length < 4 || !s[0].equals("plugins") || !validName(s[1])) {
            return Optional.empty();
        }
        String plugin = s[1];
        if (s.length == 4) {
            String dir = s[2];
            String file = s[3];
            if (dir.equals(".claude-plugin") && file.equals("plugin.json")) {
                return Optional.of(new ComponentFile(Role.PLUGIN_MANIFEST, marketplace, plugin, null, relativePath));
            }
            if (dir.equals("hooks") && file.equals("hooks.json")) {
                return Optional.of(new ComponentFile(Role.HOOKS, marketplace, plugin, null, relativePath));
            }
            if ((dir.equals("agents") || dir.equals("commands")) && file.endsWith(".md") && file.length() > 3) {
                String stem = file.substring(0, file.length() - 3);
                if (validName(stem)) {
                    return Optional.of(new ComponentFile(dir.equals("agents") ? Role.AGENT : Role.COMMAND, marketplace, plugin,
                            stem, relativePath));
                }
            }
            return Optional.empty();
        }
        if (s.length == 5 && s[2].equals("skills") && s[4].equals("SKILL.md") && validName(s[3])) {
            return Optional.of(new ComponentFile(Role.SKILL, marketplace, plugin, s[3], relativePath));
        }
        return Optional.empty();
    }

    /** Names that can be a key segment: not empty, not hidden, no separator. */
    static boolean validName(String name) {
        return !name.isEmpty() && !name.startsWith(".") && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }
}
