package dev.hookbus.emulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.emulator.model.AirtableStore;
import dev.hookbus.emulator.model.Base;
import dev.hookbus.emulator.model.RequestGate;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v0/meta/bases}: the bases the token can reach, as Airtable lists them (one page: the emulator has few). */
@Path("/v0/meta/bases")
@Produces(MediaType.APPLICATION_JSON)
public class BasesResource {
    @Inject
    AirtableStore store;
    @Inject
    RequestGate gate;
    @Inject
    ObjectMapper json;

    @GET
    public ObjectNode bases(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.authenticate(authorization, false);
        ObjectNode out = json.createObjectNode();
        ArrayNode bases = out.putArray("bases");
        for (Base base : store.bases()) {
            bases.addObject().put("id", base.id()).put("name", base.name()).put("permissionLevel", "create");
        }
        return out;
    }
}
