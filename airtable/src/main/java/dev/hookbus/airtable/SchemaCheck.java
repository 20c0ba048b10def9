package dev.hookbus.airtable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a base's schema ({@code GET /v0/meta/bases/{base}/tables}) with the layout hookbus writes
 * ({@code hookbus-airtable-schema.json}, the "Claude Plugins" base of ARCHITECTURE.md), and creates what is missing.
 */
public final class SchemaCheck {
    private final JsonNode expected;

    public SchemaCheck(JsonNode expected) {
        this.expected = expected;
    }

    public static JsonNode defaultSchema() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream("/hookbus-airtable-schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the default base schema is missing", e);
        }
    }

    public static SchemaCheck defaults() {
        return new SchemaCheck(defaultSchema());
    }

    /** One line per problem: a missing table or field, or a field of the wrong type. Empty when the base fits. */
    public List<String> problems(JsonNode actualTables) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> actual = new HashMap<>();
        actualTables.path("tables").forEach(t -> actual.put(t.path("name").asText(), t));
        for (JsonNode table : expected.path("tables")) {
            String name = table.path("name").asText();
            JsonNode found = actual.get(name);
            if (found == null) {
                problems.add("table '" + name + "' is missing");
                continue;
            }
            Map<String, String> types = new HashMap<>();
            found.path("fields").forEach(f -> types.put(f.path("name").asText(), f.path("type").asText()));
            for (JsonNode field : table.path("fields")) {
                String fieldName = field.path("name").asText();
                String want = field.path("type").asText();
                String have = types.get(fieldName);
                if (have == null) {
                    problems.add("field '" + name + "." + fieldName + "' is missing (expected " + want + ")");
                } else if (!compatible(want, have)) {
                    problems.add("field '" + name + "." + fieldName + "' is " + have + ", expected " + want);
                }
            }
        }
        return problems;
    }

    private static boolean compatible(String want, String have) {
        return want.equals(have) || (want.equals("multilineText") && have.equals("richText"))
                || (want.equals("singleLineText") && have.equals("multilineText"));
    }

    /**
     * Creates missing tables (link fields added once every table exists) and missing fields. Returns what it created.
     * Needs the {@code schema.bases:write} scope.
     */
    public List<String> apply(AirtableClient client, RateBudget budget, String baseId) throws InterruptedException {
        List<String> created = new ArrayList<>();
        JsonNode actual = client.tables(budget, baseId);
        Map<String, JsonNode> tables = new HashMap<>();
        actual.path("tables").forEach(t -> tables.put(t.path("name").asText(), t));
        ObjectMapper json = new ObjectMapper();
        for (JsonNode table : expected.path("tables")) {
            String name = table.path("name").asText();
            if (!tables.containsKey(name)) {
                ObjectNode body = json.createObjectNode().put("name", name);
                var fields = body.putArray("fields");
                table.path("fields").forEach(f -> {
                    if (!f.path("type").asText().equals("multipleRecordLinks")) {
                        fields.add(f);
                    }
                });
                tables.put(name, client.createTable(budget, baseId, body));
                created.add("table " + name);
            }
        }
        for (JsonNode table : expected.path("tables")) {
            String name = table.path("name").asText();
            JsonNode existing = tables.get(name);
            List<String> have = new ArrayList<>();
            existing.path("fields").forEach(f -> have.add(f.path("name").asText()));
            for (JsonNode field : table.path("fields")) {
                if (have.contains(field.path("name").asText())) {
                    continue;
                }
                ObjectNode body = field.deepCopy();
                if (field.path("options").has("linkedTableName")) {
                    String linked = tables.get(field.path("options").path("linkedTableName").asText()).path("id").asText();
                    body.putObject("options").put("linkedTableId", linked);
                }
                client.createField(budget, baseId, existing.path("id").asText(), body);
                created.add("field " + name + "." + field.path("name").asText());
            }
        }
        return created;
    }
}
