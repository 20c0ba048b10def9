package dev.hookbus.airtable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.catalog.Component;
import dev.hookbus.catalog.ComponentKind;
import dev.hookbus.catalog.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapping from catalog components to Airtable tables and fields (default: the "Claude Plugins" base of
 * ARCHITECTURE.md, {@code hookbus-airtable-mapping.json}). Field values are templates over the component: {@code {field}}
 * is a parsed field, {@code {keyName}}, {@code {plugin}} and {@code {marketplace}} come from the sync key. Every
 * value depends on the sync key and the file's text alone.
 */
public final class FieldMapping {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_-]+)}");

    /**
     * @param kind the catalog kind
     * @param table the Airtable table
     * @param nameField the table's name field (the adoption rule matches on it)
     * @param parentLink the link field to the parent record (null for marketplaces)
     * @param fields Airtable field → template, in order
     */
    public record TableMapping(ComponentKind kind, String table, String nameField, String parentLink, Map<String, String> fields) {
    }

    private final String syncKeyField;
    private final String contentHashField;
    private final String sourceTimeField;
    private final String syncStatusField;
    private final Map<ComponentKind, TableMapping> tables;

    private FieldMapping(String syncKeyField, String contentHashField, String sourceTimeField, String syncStatusField,
            Map<ComponentKind, TableMapping> tables) {
        this.syncKeyField = syncKeyField;
        this.contentHashField = contentHashField;
        this.sourceTimeField = sourceTimeField;
        this.syncStatusField = syncStatusField;
        this.tables = Collections.unmodifiableMap(tables);
    }

    public static FieldMapping defaults() {
        try (InputStream in = FieldMapping.class.getResourceAsStream("/hookbus-airtable-mapping.json")) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the default Airtable mapping is missing", e);
        }
    }

    public static FieldMapping load(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        Map<ComponentKind, TableMapping> tables = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            JsonNode t = root.path("tables").path(kind.name());
            if (t.isMissingNode()) {
                throw new IllegalArgumentException("the Airtable mapping has no table for " + kind);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            t.path("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            tables.put(kind, new TableMapping(kind, t.path("table").asText(), t.path("nameField").asText(),
                    t.path("parentLink").asText(null), Collections.unmodifiableMap(fields)));
        }
        return new FieldMapping(root.path("syncKeyField").asText("Sync Key"), root.path("contentHashField").asText("Content Hash"),
                root.path("sourceTimeField").asText("Source Time"), root.path("syncStatusField").asText("Sync Status"), tables);
    }

    public TableMapping forKind(ComponentKind kind) {
        return tables.get(kind);
    }

    public Optional<TableMapping> forTable(String table) {
        return tables.values().stream().filter(t -> t.table().equals(table)).findFirst();
    }

    /** Tables in write order: marketplaces, plugins, then components (so links resolve to existing records). */
    public List<TableMapping> tablesInWriteOrder() {
        List<TableMapping> ordered = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            ordered.add(tables.get(kind));
        }
        return ordered;
    }

    public String syncKeyField() {
        return syncKeyField;
    }

    public String contentHashField() {
        return contentHashField;
    }

    public String sourceTimeField() {
        return sourceTimeField;
    }

    public String syncStatusField() {
        return syncStatusField;
    }

    /** The fields a ledger listing needs from a table. */
    public List<String> ledgerFields(TableMapping table) {
        List<String> fields = new ArrayList<>(List.of(syncKeyField, contentHashField, sourceTimeField, syncStatusField, table.nameField()));
        if (table.parentLink() != null) {
            fields.add(table.parentLink());
        }
        return fields;
    }

    /**
     * A component as Airtable fields (without links, hash, time and status), its links as sync keys, and its content
     * hash.
     */
    public MappedRecord map(Component component) {
        if (component.isInvalid()) {
            throw new IllegalArgumentException(component.syncKey() + " is Invalid (" + component.invalidReason() + ") and has no fields");
        }
        TableMapping table = tables.get(component.kind());
        Map<String, Object> fields = new LinkedHashMap<>();
        table.fields().forEach((airtableField, template) -> {
            String value = render(template, component);
            if (value != null && !value.isEmpty()) {
                fields.put(airtableField, value);
            }
        });
        Map<String, List<String>> links = new LinkedHashMap<>();
        if (table.parentLink() != null && component.parentSyncKey() != null) {
            links.put(table.parentLink(), List.of(component.parentSyncKey()));
        }
        return new MappedRecord(component.kind(), table.table(), component.syncKey(), fields, links, ContentHash.of(fields, links));
    }

    private static String render(String template, Component component) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        boolean anyMissing = false;
        boolean anyPlaceholder = false;
        while (m.find()) {
            anyPlaceholder = true;
            String value = switch (m.group(1)) {
                case "keyName" -> component.name();
                case "plugin" -> component.plugin();
                case "marketplace" -> component.marketplace();
                default -> component.field(m.group(1));
            };
            if (value == null) {
                anyMissing = true;
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        // a field that is only an absent value stays empty (Airtable omits it)
        if (anyPlaceholder && anyMissing && PLACEHOLDER.matcher(template).replaceAll("").isEmpty()) {
            return null;
        }
        return out.toString();
    }
}
