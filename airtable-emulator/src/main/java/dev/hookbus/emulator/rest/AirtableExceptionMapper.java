package dev.hookbus.emulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.emulator.model.AirtableException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Airtable's error body: {@code {"error":{"type","message"}}}. */
@Provider
public class AirtableExceptionMapper implements ExceptionMapper<AirtableException> {
    @Inject
    ObjectMapper json;

    @Override
    public Response toResponse(AirtableException e) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("type", e.type()).put("message", e.getMessage());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
