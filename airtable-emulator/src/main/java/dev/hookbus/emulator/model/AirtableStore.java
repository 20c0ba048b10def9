package dev.hookbus.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The emulator's bases and records, with Airtable's semantics for every operation hookbus uses. One lock for all:
 * the real service is rate limited to 5 requests/s per base, so contention is never the bottleneck.
 */
public final class AirtableStore {
    public static final int MAX_RECORDS_PER_WRITE = 10;
    public static final int MAX_PAGE_SIZE = 100;

    private final ObjectMapper json;
    private final Clock clock;
    private final Duration iteratorTtl;
    private final Optional<Path> dataFile;
    private final List<JsonNode> schemas;
    private final Map<String, Base> bases = new LinkedHashMap<>();
    private final Map<String, ListIterator> iterators = new HashMap<>();

    private record ListIterator(List<String> recordIds, int next, Instant expires, ListParams params) {
    }

    /**
     * List parameters (GET query or POST listRecords body).
     *
     * @param pageSize 1..100
     * @param maxRecords total cap, or null
     * @param offset cursor from the previous page, or null
     * @param fields returned fields, or empty for all
     * @param filterByFormula the formula, or null
     * @param sort field/direction pairs
     * @param returnFieldsByFieldId key cells by field id
     */
    public record ListParams(Integer pageSize, Integer maxRecords, String offset, List<String> fields, String filterByFormula,
            List<Map.Entry<String, String>> sort, boolean returnFieldsByFieldId) {
    }

    public AirtableStore(ObjectMapper json, Clock clock, Duration iteratorTtl, Optional<Path> dataFile, List<JsonNode> schemas) {
        this.json = json;
        this.clock = clock;
        this.iteratorTtl = iteratorTtl;
        this.dataFile = dataFile;
        this.schemas = List.copyOf(schemas);
        if (dataFile.isPresent() && Files.exists(dataFile.get())) {
            loadData(dataFile.get());
        } else {
            loadSchemas();
        }
    }

    /** The default "Claude Plugins" base of ARCHITECTURE.md, in the meta API's shape. */
    public static JsonNode defaultSchema(ObjectMapper json) {
        try (InputStream in = AirtableStore.class.getResourceAsStream("/hookbus-airtable-schema.json")) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the default base schema is missing from the emulator jar", e);
        }
    }

    // ---------------------------------------------------------------- schema

    private void loadSchemas() {
        bases.clear();
        for (JsonNode schema : schemas) {
            addBase(schema, false);
        }
    }

    private Base addBase(JsonNode schema, boolean withRecords) {
        String baseId = schema.path("id").asText(Ids.next("app"));
        Base base = new Base(baseId, schema.path("name").asText(baseId));
        Map<String, String> tableIdsByName = new HashMap<>();
        for (JsonNode t : schema.path("tables")) {
            String tableId = t.path("id").asText(Ids.next("tbl"));
            tableIdsByName.put(t.path("name").asText(), tableId);
        }
        for (JsonNode t : schema.path("tables")) {
            Table table = new Table(tableIdsByName.get(t.path("name").asText()), t.path("name").asText());
            for (JsonNode f : t.path("fields")) {
                table.fields().add(fieldFromMeta(f, tableIdsByName));
            }
            if (withRecords) {
                for (JsonNode r : t.path("records")) {
                    Map<String, JsonNode> cells = new LinkedHashMap<>();
                    r.path("cells").fields().forEachRemaining(e -> cells.put(e.getKey(), e.getValue()));
                    table.records().put(r.path("id").asText(), new Table.StoredRecord(r.path("id").asText(),
                            Instant.parse(r.path("createdTime").asText()), cells));
                }
            }
            base.tables().add(table);
        }
        bases.put(baseId, base);
        return base;
    }

    private static Field fieldFromMeta(JsonNode f, Map<String, String> tableIdsByName) {
        String type = f.path("type").asText();
        if (!Field.SUPPORTED_TYPES.contains(type)) {
            throw AirtableException.unprocessable("UNSUPPORTED_FIELD_TYPE", "Field type " + type + " is not supported by the emulator");
        }
        Set<String> choices = new java.util.LinkedHashSet<>();
        f.path("options").path("choices").forEach(c -> choices.add(c.path("name").asText()));
        String linked = f.path("options").path("linkedTableId").asText(null);
        if (linked == null && f.path("options").has("linkedTableName")) {
            linked = tableIdsByName.get(f.path("options").path("linkedTableName").asText());
        }
        if ("multipleRecordLinks".equals(type) && linked == null) {
            throw AirtableException.unprocessable("INVALID_FIELD_OPTIONS", "multipleRecordLinks field " + f.path("name").asText()
                    + " needs options.linkedTableId");
        }
        return new Field(f.path("id").asText(Ids.next("fld")), f.path("name").asText(), type, choices, linked);
    }

    public synchronized List<String> baseIds() {
        return List.copyOf(bases.keySet());
    }

    public synchronized boolean hasBase(String baseId) {
        return bases.containsKey(baseId);
    }

    public synchronized ObjectNode tablesMeta(String baseId) {
        ObjectNode out = json.createObjectNode();
        ArrayNode tables = out.putArray("tables");
        base(baseId).tables().forEach(t -> tables.add(t.toMeta(json)));
        return out;
    }

    public synchronized ObjectNode createTable(String baseId, JsonNode body) {
        Base base = base(baseId);
        String name = body.path("name").asText("");
        if (name.isBlank() || !body.path("fields").isArray() || body.path("fields").isEmpty()) {
            throw AirtableException.unprocessable("INVALID_REQUEST_MISSING_FIELDS", "A table needs a name and at least one field");
        }
        if (base.table(name).isPresent()) {
            throw AirtableException.unprocessable("DUPLICATE_TABLE_NAME", "Table name \"" + name + "\" is already used");
        }
        Map<String, String> ids = new HashMap<>();
        base.tables().forEach(t -> ids.put(t.name(), t.id()));
        Table table = new Table(Ids.next("tbl"), name);
        for (JsonNode f : body.path("fields")) {
            table.fields().add(fieldFromMeta(f, ids));
        }
        base.tables().add(table);
        persist();
        return table.toMeta(json);
    }

    public synchronized ObjectNode createField(String baseId, String tableIdOrName, JsonNode body) {
        Base base = base(baseId);
        Table table = base.table(tableIdOrName).orElseThrow(AirtableException::notFoundModel);
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            throw AirtableException.unprocessable("INVALID_REQUEST_MISSING_FIELDS", "A field needs a name");
        }
        if (table.field(name).isPresent()) {
            throw AirtableException.unprocessable("DUPLICATE_OR_EMPTY_FIELD_NAME", "Field name \"" + name + "\" is already used");
        }
        Map<String, String> ids = new HashMap<>();
        base.tables().forEach(t -> ids.put(t.name(), t.id()));
        Field field = fieldFromMeta(body, ids);
        table.fields().add(field);
        persist();
        return field.toMeta();
    }

    // ---------------------------------------------------------------- reads

    public synchronized ObjectNode list(String baseId, String tableName, ListParams params) {
        Table table = table(baseId, tableName);
        int pageSize = params.pageSize() == null ? MAX_PAGE_SIZE : params.pageSize();
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw AirtableException.unprocessable("INVALID_PAGE_SIZE", "pageSize must be between 1 and 100");
        }
        for (String f : params.fields()) {
            if (table.field(f).isEmpty()) {
                throw AirtableException.unprocessable("UNKNOWN_FIELD_NAME", "Unknown field name: \"" + f + "\"");
            }
        }
        expireIterators();
        ListIterator iterator;
        String iteratorId;
        if (params.offset() != null && !params.offset().isEmpty()) {
            int slash = params.offset().indexOf('/');
            iteratorId = slash < 0 ? params.offset() : params.offset().substring(0, slash);
            iterator = iterators.get(params.offset());
            if (iterator == null) {
                throw AirtableException.unprocessable("LIST_RECORDS_ITERATOR_NOT_AVAILABLE",
                        "The iterator for this listing is no longer available; restart the listing");
            }
            iterators.remove(params.offset());
        } else {
            iteratorId = Ids.next("itr");
            List<String> ids = select(table, params);
            if (params.maxRecords() != null && params.maxRecords() >= 0 && ids.size() > params.maxRecords()) {
                ids = ids.subList(0, params.maxRecords());
            }
            iterator = new ListIterator(List.copyOf(ids), 0, clock.instant().plus(iteratorTtl), params);
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("records");
        int index = iterator.next();
        while (index < iterator.recordIds().size() && records.size() < pageSize) {
            Table.StoredRecord record = table.records().get(iterator.recordIds().get(index++));
            if (record != null) {
                records.add(render(table, record, iterator.params().fields(), iterator.params().returnFieldsByFieldId()));
            }
        }
        if (index < iterator.recordIds().size()) {
            String offset = iteratorId + "/" + iterator.recordIds().get(index);
            iterators.put(offset, new ListIterator(iterator.recordIds(), index, clock.instant().plus(iteratorTtl), iterator.params()));
            out.put("offset", offset);
        }
        return out;
    }

    private List<String> select(Table table, ListParams params) {
        List<Table.StoredRecord> matching = new ArrayList<>(table.records().values());
        if (params.filterByFormula() != null && !params.filterByFormula().isBlank()) {
            Map<String, Field> byName = new HashMap<>();
            table.fields().forEach(f -> byName.put(f.name(), f));
            Formula.Predicate predicate = Formula.compile(params.filterByFormula(), byName);
            matching.removeIf(r -> !predicate.test(name -> r.cells().get(byName.get(name).id())));
        }
        if (!params.sort().isEmpty()) {
            Comparator<Table.StoredRecord> order = null;
            for (Map.Entry<String, String> s : params.sort()) {
                Field field = table.field(s.getKey()).orElseThrow(() -> AirtableException.unprocessable("UNKNOWN_FIELD_NAME",
                        "Unknown field name: \"" + s.getKey() + "\""));
                Comparator<Table.StoredRecord> c = Comparator.comparing(r -> sortKey(r.cells().get(field.id())));
                if ("desc".equalsIgnoreCase(s.getValue())) {
                    c = c.reversed();
                }
                order = order == null ? c : order.thenComparing(c);
            }
            matching.sort(order);
        }
        return matching.stream().map(Table.StoredRecord::id).toList();
    }

    private static String sortKey(JsonNode value) {
        return value == null ? "" : value.isNumber() ? String.format("%030.10f", value.asDouble()) : value.asText();
    }

    private void expireIterators() {
        Instant now = clock.instant();
        iterators.values().removeIf(it -> it.expires().isBefore(now));
    }

    public synchronized ObjectNode get(String baseId, String tableName, String recordId, boolean byFieldId) {
        Table table = table(baseId, tableName);
        Table.StoredRecord record = table.records().get(recordId);
        if (record == null) {
            throw AirtableException.recordNotFound(recordId);
        }
        return render(table, record, List.of(), byFieldId);
    }

    private ObjectNode render(Table table, Table.StoredRecord record, List<String> onlyFields, boolean byFieldId) {
        ObjectNode node = json.createObjectNode();
        node.put("id", record.id());
        node.put("createdTime", formatTime(record.createdTime()));
        ObjectNode fields = node.putObject("fields");
        for (Field field : table.fields()) {
            JsonNode value = record.cells().get(field.id());
            if (value == null || (!onlyFields.isEmpty() && !onlyFields.contains(field.name()) && !onlyFields.contains(field.id()))) {
                continue;
            }
            fields.set(byFieldId ? field.id() : field.name(), value);
        }
        return node;
    }

    private static String formatTime(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    // ---------------------------------------------------------------- writes

    /** POST: {@code {"records":[{"fields"}], "typecast"?}} or a single {@code {"fields"}}. */
    public synchronized ObjectNode create(String baseId, String tableName, JsonNode body) {
        Base base = base(baseId);
        Table table = table(baseId, tableName);
        boolean typecast = body.path("typecast").asBoolean(false);
        if (!body.has("records") && body.has("fields")) {
            Map<String, JsonNode> cells = cells(base, table, body.get("fields"), typecast);
            Table.StoredRecord record = insert(table, cells);
            persist();
            return render(table, record, List.of(), false);
        }
        List<JsonNode> requested = records(body);
        List<Map<String, JsonNode>> all = new ArrayList<>();
        for (JsonNode r : requested) {
            all.add(cells(base, table, r.path("fields"), typecast));
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("records");
        for (Map<String, JsonNode> cells : all) {
            records.add(render(table, insert(table, cells), List.of(), false));
        }
        persist();
        return out;
    }

    /** PATCH (merge) or PUT (replace) of several records, or an upsert with {@code performUpsert}. */
    public synchronized ObjectNode update(String baseId, String tableName, JsonNode body, boolean replace) {
        Base base = base(baseId);
        Table table = table(baseId, tableName);
        boolean typecast = body.path("typecast").asBoolean(false);
        List<JsonNode> requested = records(body);
        JsonNode upsert = body.get("performUpsert");
        List<Field> mergeFields = upsert == null ? List.of() : mergeFields(table, upsert);

        // plan everything first: Airtable applies a request entirely or not at all
        record Planned(String id, Map<String, JsonNode> cells, boolean create) {
        }
        List<Planned> plan = new ArrayList<>();
        Map<String, String> createdInThisRequest = new HashMap<>();
        for (JsonNode r : requested) {
            Map<String, JsonNode> cells = cells(base, table, r.path("fields"), typecast);
            String id = r.path("id").asText(null);
            if (id != null) {
                if (!table.records().containsKey(id) && !createdInThisRequest.containsValue(id)) {
                    throw AirtableException.recordNotFound(id);
                }
                plan.add(new Planned(id, cells, false));
                continue;
            }
            if (upsert == null) {
                throw AirtableException.unprocessable("INVALID_RECORDS", "Each record needs an id (or performUpsert)");
            }
            String mergeKey = mergeKey(mergeFields, cells);
            List<String> matches = table.records().values().stream().filter(rec -> mergeKey.equals(mergeKey(mergeFields, rec.cells())))
                    .map(Table.StoredRecord::id).toList();
            if (matches.size() > 1) {
                throw AirtableException.unprocessable("INVALID_VALUE_FOR_COLUMN", "Cannot update more than one record in an upsert "
                        + "request: " + matches.size() + " records match the fieldsToMergeOn values");
            }
            if (matches.size() == 1) {
                plan.add(new Planned(matches.get(0), cells, false));
            } else if (createdInThisRequest.containsKey(mergeKey)) {
                plan.add(new Planned(createdInThisRequest.get(mergeKey), cells, false));
            } else {
                String newId = Ids.next("rec");
                createdInThisRequest.put(mergeKey, newId);
                plan.add(new Planned(newId, cells, true));
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("records");
        Set<String> created = new java.util.LinkedHashSet<>();
        Set<String> updated = new java.util.LinkedHashSet<>();
        for (Planned p : plan) {
            Table.StoredRecord record;
            if (p.create() && !table.records().containsKey(p.id())) {
                record = new Table.StoredRecord(p.id(), clock.instant(), new LinkedHashMap<>(p.cells()));
                table.records().put(p.id(), record);
                created.add(p.id());
            } else {
                Table.StoredRecord existing = table.records().get(p.id());
                Map<String, JsonNode> cells = replace ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.cells());
                p.cells().forEach((fieldId, value) -> {
                    if (value == null) {
                        cells.remove(fieldId);
                    } else {
                        cells.put(fieldId, value);
                    }
                });
                record = new Table.StoredRecord(existing.id(), existing.createdTime(), cells);
                table.records().put(p.id(), record);
                if (!created.contains(p.id())) {
                    updated.add(p.id());
                }
            }
            records.add(render(table, record, List.of(), false));
        }
        if (upsert != null) {
            ArrayNode c = out.putArray("createdRecords");
            created.forEach(c::add);
            ArrayNode u = out.putArray("updatedRecords");
            updated.forEach(u::add);
        }
        persist();
        return out;
    }

    public synchronized ObjectNode updateOne(String baseId, String tableName, String recordId, JsonNode body, boolean replace) {
        ObjectNode wrapped = json.createObjectNode();
        ObjectNode record = wrapped.putArray("records").addObject();
        record.put("id", recordId);
        record.set("fields", body.path("fields"));
        wrapped.put("typecast", body.path("typecast").asBoolean(false));
        return (ObjectNode) update(baseId, tableName, wrapped, replace).path("records").get(0);
    }

    public synchronized ObjectNode delete(String baseId, String tableName, List<String> recordIds) {
        Table table = table(baseId, tableName);
        if (recordIds.isEmpty() || recordIds.size() > MAX_RECORDS_PER_WRITE) {
            throw AirtableException.unprocessable("INVALID_RECORDS", "Delete takes between 1 and 10 records[]");
        }
        for (String id : recordIds) {
            if (!table.records().containsKey(id)) {
                throw AirtableException.recordNotFound(id);
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("records");
        for (String id : recordIds) {
            table.records().remove(id);
            records.addObject().put("id", id).put("deleted", true);
        }
        unlink(base(baseId), table, new HashSet<>(recordIds));
        persist();
        return out;
    }

    /** Airtable removes links to deleted records from the records that held them. */
    private static void unlink(Base base, Table table, Set<String> deleted) {
        for (Table other : base.tables()) {
            for (Field field : other.fields()) {
                if (!"multipleRecordLinks".equals(field.type()) || !table.id().equals(field.linkedTableId())) {
                    continue;
                }
                for (Table.StoredRecord record : other.records().values()) {
                    JsonNode links = record.cells().get(field.id());
                    if (links == null) {
                        continue;
                    }
                    ArrayNode kept = ((ArrayNode) links).arrayNode();
                    links.forEach(l -> {
                        if (!deleted.contains(l.asText())) {
                            kept.add(l);
                        }
                    });
                    if (kept.isEmpty()) {
                        record.cells().remove(field.id());
                    } else {
                        record.cells().put(field.id(), kept);
                    }
                }
            }
        }
    }

    private Table.StoredRecord insert(Table table, Map<String, JsonNode> cells) {
        Map<String, JsonNode> stored = new LinkedHashMap<>();
        cells.forEach((k, v) -> {
            if (v != null) {
                stored.put(k, v);
            }
        });
        Table.StoredRecord record = new Table.StoredRecord(Ids.next("rec"), clock.instant(), stored);
        table.records().put(record.id(), record);
        return record;
    }

    private List<JsonNode> records(JsonNode body) {
        JsonNode records = body.get("records");
        if (records == null || !records.isArray()) {
            throw AirtableException.unprocessable("INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"records\" in the request body");
        }
        if (records.isEmpty() || records.size() > MAX_RECORDS_PER_WRITE) {
            throw AirtableException.unprocessable("INVALID_RECORDS", "You can write between 1 and 10 records per request; got "
                    + records.size());
        }
        List<JsonNode> list = new ArrayList<>();
        records.forEach(list::add);
        return list;
    }

    /** Validated cells by field id; a null value means "clear this field". */
    private Map<String, JsonNode> cells(Base base, Table table, JsonNode fields, boolean typecast) {
        if (fields == null || fields.isMissingNode()) {
            return new LinkedHashMap<>();
        }
        if (!fields.isObject()) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "\"fields\" must be an object");
        }
        Map<String, JsonNode> cells = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = table.field(entry.getKey()).orElseThrow(() -> AirtableException.unprocessable("UNKNOWN_FIELD_NAME",
                    "Unknown field name: \"" + entry.getKey() + "\""));
            Function<String, Boolean> exists = id -> base.tableById(field.linkedTableId()).map(t -> t.records().containsKey(id)).orElse(false);
            cells.put(field.id(), field.coerce(entry.getValue(), typecast, exists::apply));
        }
        return cells;
    }

    private static List<Field> mergeFields(Table table, JsonNode upsert) {
        JsonNode names = upsert.path("fieldsToMergeOn");
        if (!names.isArray() || names.isEmpty() || names.size() > 3) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "performUpsert.fieldsToMergeOn must name 1 to 3 fields");
        }
        List<Field> fields = new ArrayList<>();
        for (JsonNode n : names) {
            Field field = table.field(n.asText()).orElseThrow(() -> AirtableException.unprocessable("UNKNOWN_FIELD_NAME",
                    "Unknown field name: \"" + n.asText() + "\""));
            if (!Field.MERGEABLE_TYPES.contains(field.type())) {
                throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "Field \"" + field.name() + "\" of type " + field.type()
                        + " cannot be used in fieldsToMergeOn");
            }
            fields.add(field);
        }
        return fields;
    }

    private static String mergeKey(List<Field> mergeFields, Map<String, JsonNode> cells) {
        StringBuilder key = new StringBuilder();
        for (Field f : mergeFields) {
            JsonNode v = cells.get(f.id());
            key.append(v == null ? "\u0000" : v.asText()).append('\u0001');
        }
        return key.toString();
    }

    // ---------------------------------------------------------------- admin

    /** Drops every record (and added schema) of one base, or of all, back to the schema files. */
    public synchronized void reset(Optional<String> baseId) {
        iterators.clear();
        if (baseId.isEmpty()) {
            loadSchemas();
        } else {
            for (JsonNode schema : schemas) {
                if (schema.path("id").asText().equals(baseId.get())) {
                    addBase(schema, false);
                }
            }
        }
        persist();
    }

    public synchronized Base base(String baseId) {
        Base base = bases.get(baseId);
        if (base == null) {
            throw AirtableException.notFoundModel();
        }
        return base;
    }

    public synchronized List<Base> bases() {
        return List.copyOf(bases.values());
    }

    private Table table(String baseId, String tableName) {
        return base(baseId).table(tableName).orElseThrow(AirtableException::notFoundModel);
    }

    // ---------------------------------------------------------------- persistence

    private void persist() {
        if (dataFile.isEmpty()) {
            return;
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("bases");
        for (Base base : bases.values()) {
            ObjectNode b = list.addObject().put("id", base.id()).put("name", base.name());
            ArrayNode tables = b.putArray("tables");
            for (Table table : base.tables()) {
                ObjectNode t = table.toMeta(json);
                ArrayNode records = t.putArray("records");
                for (Table.StoredRecord r : table.records().values()) {
                    ObjectNode rec = records.addObject().put("id", r.id()).put("createdTime", r.createdTime().toString());
                    ObjectNode cells = rec.putObject("cells");
                    r.cells().forEach(cells::set);
                }
                tables.add(t);
            }
        }
        Path target = dataFile.get();
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            json.writeValue(tmp.toFile(), root);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator's data file " + target, e);
        }
    }

    private void loadData(Path file) {
        try {
            JsonNode root = json.readTree(file.toFile());
            bases.clear();
            for (JsonNode base : root.path("bases")) {
                addBase(base, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator's data file " + file, e);
        }
    }
}
