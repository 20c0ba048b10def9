package dev.hookbus.events;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A {@link HookEvent} written field by field with Jackson's generator: the same bytes as the mapper's record serializer
 * (fields in declaration order, absent ones left out, instants in ISO-8601), without its per-call bean introspection
 * and property lookups — hook-ingest writes one per request. {@code HookEventWriterTest} holds it to the mapper's output.
 */
final class HookEventWriter {
    private HookEventWriter() {
    }

    static byte[] write(ObjectMapper mapper, HookEvent event) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(mapper.getFactory()._getBufferRecycler(), 2048)) {
            try (JsonGenerator json = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                json.setCodec(mapper);
                json.writeStartObject();
                json.writeNumberField("schemaVersion", event.schemaVersion());
                text(json, "eventId", event.eventId());
                instant(json, "capturedAt", event.capturedAt());
                instant(json, "receivedAt", event.receivedAt());
                if (event.source() != null) {
                    json.writeStringField("source", event.source().name());
                }
                text(json, "projectRoot", event.projectRoot());
                text(json, "hookEventName", event.hookEventName());
                text(json, "toolName", event.toolName());
                text(json, "sessionId", event.sessionId());
                text(json, "toolUseId", event.toolUseId());
                json.writeArrayFieldStart("filePaths");
                for (String path : event.filePaths()) {
                    json.writeString(path);
                }
                json.writeEndArray();
                if (event.hook() != null && !event.hook().isMissingNode()) {
                    json.writeFieldName("hook");
                    mapper.writeTree(json, event.hook());
                }
                if (event.snapshot() != null) {
                    json.writeFieldName("snapshot");
                    mapper.writeValue(json, event.snapshot());
                }
                text(json, "idempotencyKey", event.idempotencyKey());
                json.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("a hook event cannot be written as JSON", e);
        }
    }

    private static void text(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void instant(JsonGenerator json, String name, Instant value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value.toString());
        }
    }
}
