package dev.hookbus.airtable;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A record as Airtable returns it. */
public record AirtableRecord(String id, Instant createdTime, JsonNode fields) {

    public String text(String field) {
        JsonNode v = fields.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    public List<String> links(String field) {
        List<String> ids = new ArrayList<>();
        JsonNode v = fields.get(field);
        if (v != null && v.isArray()) {
            v.forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }
}
