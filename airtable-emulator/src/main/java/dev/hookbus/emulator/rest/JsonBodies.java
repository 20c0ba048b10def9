package dev.hookbus.emulator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.emulator.model.AirtableException;

/** Request bodies are parsed here so that invalid JSON gets Airtable's 400, not a framework page. */
final class JsonBodies {
    private JsonBodies() {
    }

    static JsonNode parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw new AirtableException(400, "INVALID_REQUEST_UNKNOWN", "Invalid request: the request body is empty");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new AirtableException(400, "INVALID_REQUEST_UNKNOWN", "Invalid request: the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AirtableException(400, "INVALID_REQUEST_UNKNOWN", "Invalid request: could not parse the request body as JSON");
        }
    }
}
