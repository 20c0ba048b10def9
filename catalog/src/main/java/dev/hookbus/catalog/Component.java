package dev.hookbus.catalog;

import java.util.List;
import java.util.Map;

/**
 * One catalog entry: a marketplace, a plugin, or a component, with its fields parsed from its own text.
 *
 * @param kind what it is
 * @param marketplace the marketplace name
 * @param plugin the plugin directory name (null for a marketplace)
 * @param name the key name: file stem, skill directory, or {@code <Event>:<matcher>:<sha8>} for a hook
 * @param syncKey the sync key of ARCHITECTURE.md
 * @param relativePath the source file relative to the marketplace root ({@code /}-separated)
 * @param fields parsed values by logical name, in a stable order (see {@link Fields})
 * @param warnings problems the parser recovered from
 * @param invalidReason why nothing could be produced, or null
 */
public record Component(
        ComponentKind kind,
        String marketplace,
        String plugin,
        String name,
        String syncKey,
        String relativePath,
        Map<String, String> fields,
        List<ParseWarning> warnings,
        String invalidReason) {

    public Component {
        fields = Map.copyOf(fields == null ? Map.of() : fields);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    public boolean isInvalid() {
        return invalidReason != null;
    }

    /** The sync key of the record this one links to, or null. */
    public String parentSyncKey() {
        return switch (kind) {
            case MARKETPLACE -> null;
            case PLUGIN -> SyncKeys.marketplace(marketplace);
            default -> SyncKeys.plugin(marketplace, plugin);
        };
    }

    public String field(String name) {
        return fields.get(name);
    }

    /** Logical field names shared by parsing, mapping and hashing. */
    public static final class Fields {
        public static final String NAME = "name";
        public static final String DESCRIPTION = "description";
        public static final String PATH = "path";
        public static final String MODEL = "model";
        public static final String COLOR = "color";
        public static final String TOOLS = "tools";
        public static final String ARGUMENT_HINT = "argument-hint";
        public static final String ALLOWED_TOOLS = "allowed-tools";
        public static final String EVENT = "event";
        public static final String MATCHER = "matcher";
        public static final String TYPE = "type";
        public static final String COMMAND = "command";
        public static final String TIMEOUT = "timeout";
        public static final String VERSION = "version";

        private Fields() {
        }
    }
}
