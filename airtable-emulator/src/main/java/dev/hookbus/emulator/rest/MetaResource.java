package dev.hookbus.emulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.emulator.model.AirtableStore;
import dev.hookbus.emulator.model.RequestGate;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The meta API: a base's schema, and creating tables and fields. */
@Path("/v0/meta/bases/{baseId}/tables")
@Produces(MediaType.APPLICATION_JSON)
public class MetaResource {
    @Inject
    AirtableStore store;
    @Inject
    RequestGate gate;
    @Inject
    ObjectMapper json;

    @PathParam("baseId")
    String baseId;
    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @GET
    public ObjectNode tables() {
        gate.admit(authorization, baseId, false, store.hasBase(baseId));
        return store.tablesMeta(baseId);
    }

    @POST
    public ObjectNode createTable(String body) {
        gate.admit(authorization, baseId, true, store.hasBase(baseId));
        return store.createTable(baseId, JsonBodies.parse(json, body));
    }

    @POST
    @Path("{table}/fields")
    public ObjectNode createField(@PathParam("table") String table, String body) {
        gate.admit(authorization, baseId, true, store.hasBase(baseId));
        return store.createField(baseId, table, JsonBodies.parse(json, body));
    }
}
