package dev.hookbus.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/** One field of a table, with Airtable's validation of cell values. */
public final class Field {
    public static final Set<String> TEXT_TYPES = Set.of("singleLineText", "multilineText", "url", "email", "phoneNumber", "richText");
    public static final Set<String> SUPPORTED_TYPES = Set.of("singleLineText", "multilineText", "url", "email", "phoneNumber",
            "richText", "number", "checkbox", "dateTime", "date", "singleSelect", "multipleRecordLinks");
    /** Types Airtable accepts in performUpsert.fieldsToMergeOn. */
    public static final Set<String> MERGEABLE_TYPES = Set.of("singleLineText", "multilineText", "url", "email", "phoneNumber",
            "number", "singleSelect", "dateTime", "date");
    private static final DateTimeFormatter AIRTABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final String name;
    private final String type;
    private final Set<String> choices = new LinkedHashSet<>();
    private final String linkedTableId;

    public Field(String id, String name, String type, Set<String> choices, String linkedTableId) {
        this.id = id;
        this.name = name;
        this.type = type;
        if (choices != null) {
            this.choices.addAll(choices);
        }
        this.linkedTableId = linkedTableId;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String linkedTableId() {
        return linkedTableId;
    }

    public synchronized Set<String> choices() {
        return Set.copyOf(choices);
    }

    /**
     * Validates and normalises a value; null means empty (Airtable omits empty values). Throws 422 errors as
     * Airtable does.
     */
    public JsonNode coerce(JsonNode value, boolean typecast, Predicate<String> linkedRecordExists) {
        if (value == null || value.isNull()) {
            return null;
        }
        switch (type) {
            case "number" -> {
                if (value.isNumber()) {
                    return value;
                }
                if (typecast && value.isTextual()) {
                    try {
                        return JSON.numberNode(new java.math.BigDecimal(value.asText().strip()));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                throw cannotAccept(value);
            }
            case "checkbox" -> {
                if (value.isBoolean()) {
                    return value.asBoolean() ? value : null;
                }
                if (typecast) {
                    return value.asText().isEmpty() || value.asText().equals("false") ? null : JSON.booleanNode(true);
                }
                throw cannotAccept(value);
            }
            case "dateTime", "date" -> {
                if (!value.isTextual()) {
                    throw cannotAccept(value);
                }
                String text = value.asText();
                if (text.isEmpty()) {
                    return null;
                }
                return JSON.textNode(normalizeTime(text));
            }
            case "singleSelect" -> {
                if (!value.isTextual()) {
                    throw cannotAccept(value);
                }
                String option = value.asText();
                if (option.isEmpty()) {
                    return null;
                }
                synchronized (this) {
                    if (!choices.contains(option)) {
                        if (!typecast) {
                            throw AirtableException.unprocessable("INVALID_MULTIPLE_CHOICE_OPTIONS",
                                    "Insufficient permissions to create new select option \"\"" + option + "\"\"");
                        }
                        choices.add(option);
                    }
                }
                return value;
            }
            case "multipleRecordLinks" -> {
                if (!value.isArray()) {
                    throw AirtableException.invalidValue("Value is not an array of record IDs.");
                }
                ArrayNode ids = JSON.arrayNode();
                for (JsonNode element : value) {
                    String recordId = element.isTextual() ? element.asText() : element.path("id").asText(null);
                    if (recordId == null || !Ids.looksLike("rec", recordId)) {
                        throw AirtableException.invalidValue("Value is not an array of record IDs.");
                    }
                    if (!linkedRecordExists.test(recordId)) {
                        throw AirtableException.invalidValue("Record ID " + recordId + " does not exist in the linked table");
                    }
                    ids.add(recordId);
                }
                return ids.isEmpty() ? null : ids;
            }
            default -> {
                if (value.isTextual()) {
                    return value.asText().isEmpty() ? null : value;
                }
                if (typecast && (value.isNumber() || value.isBoolean())) {
                    return JSON.textNode(value.asText());
                }
                throw cannotAccept(value);
            }
        }
    }

    private AirtableException cannotAccept(JsonNode value) {
        return AirtableException.invalidValue("Field \"" + name + "\" cannot accept the provided value: " + abbreviate(value.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private String normalizeTime(String text) {
        try {
            if ("date".equals(type)) {
                return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toString();
            }
            Instant instant;
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException e) {
                instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                        : OffsetDateTime.parse(text).toInstant();
            }
            return AIRTABLE_TIME.format(instant);
        } catch (DateTimeParseException e) {
            throw AirtableException.invalidValue("Field \"" + name + "\" cannot accept the provided value: " + abbreviate(text));
        }
    }

    /** The field as the meta API shows it. */
    public synchronized ObjectNode toMeta() {
        ObjectNode node = JSON.objectNode();
        node.put("id", id).put("name", name).put("type", type);
        if ("singleSelect".equals(type)) {
            ArrayNode list = node.putObject("options").putArray("choices");
            int i = 0;
            for (String choice : choices) {
                list.addObject().put("id", "sel" + String.format("%014d", i++)).put("name", choice);
            }
        } else if ("multipleRecordLinks".equals(type)) {
            node.putObject("options").put("linkedTableId", linkedTableId);
        } else if ("dateTime".equals(type)) {
            node.putObject("options").put("timeZone", "utc").putObject("dateFormat").put("name", "iso");
        }
        return node;
    }
}
