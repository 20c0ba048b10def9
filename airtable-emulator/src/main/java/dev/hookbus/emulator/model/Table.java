package dev.hookbus.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table: fields in order (the first is the primary field) and records in creation order. */
public final class Table {
    private final String id;
    private final String name;
    private final List<Field> fields = new ArrayList<>();
    private final Map<String, StoredRecord> records = new LinkedHashMap<>();

    /** A record as stored: cell values by field id. */
    public record StoredRecord(String id, Instant createdTime, Map<String, JsonNode> cells) {
    }

    public Table(String id, String name) {
        this.id = id;
        this.name = name;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    public Map<String, StoredRecord> records() {
        return records;
    }

    public Optional<Field> field(String nameOrId) {
        for (Field f : fields) {
            if (f.name().equals(nameOrId) || f.id().equals(nameOrId)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public Field primaryField() {
        return fields.get(0);
    }

    public ObjectNode toMeta(com.fasterxml.jackson.databind.ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id).put("name", name).put("primaryFieldId", fields.isEmpty() ? null : fields.get(0).id());
        var list = node.putArray("fields");
        fields.forEach(f -> list.add(f.toMeta()));
        node.putArray("views").addObject().put("id", "viw" + id.substring(3)).put("name", "Grid view").put("type", "grid");
        return node;
    }
}
