package dev.hookbus.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.emulator.model.AirtableStore;
import dev.hookbus.emulator.model.RequestGate;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The records API: {@code /v0/{baseId}/{tableIdOrName}}. */
@Path("/v0/{baseId}/{table}")
@Produces(MediaType.APPLICATION_JSON)
public class RecordsResource {
    @Inject
    AirtableStore store;
    @Inject
    RequestGate gate;
    @Inject
    ObjectMapper json;

    @PathParam("baseId")
    String baseId;
    @PathParam("table")
    String table;
    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    private void admit(boolean write) {
        gate.admit(authorization, baseId, write, store.hasBase(baseId));
    }

    @GET
    public ObjectNode list(@Context UriInfo uri) {
        admit(false);
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        List<String> fields = new ArrayList<>(q.getOrDefault("fields[]", List.of()));
        fields.addAll(q.getOrDefault("fields", List.of()));
        TreeMap<Integer, String[]> sort = new TreeMap<>();
        q.forEach((name, values) -> {
            var m = java.util.regex.Pattern.compile("sort\\[(\\d+)]\\[(field|direction)]").matcher(name);
            if (m.matches()) {
                String[] pair = sort.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new String[2]);
                pair[m.group(2).equals("field") ? 0 : 1] = values.get(0);
            }
        });
        return store.list(baseId, table, new AirtableStore.ListParams(intParam(q.getFirst("pageSize")), intParam(q.getFirst("maxRecords")),
                q.getFirst("offset"), fields, q.getFirst("filterByFormula"), sortEntries(sort),
                "true".equals(q.getFirst("returnFieldsByFieldId"))));
    }

    @POST
    @Path("listRecords")
    public ObjectNode listRecords(String body) {
        admit(false);
        JsonNode b = JsonBodies.parse(json, body);
        List<String> fields = new ArrayList<>();
        b.path("fields").forEach(f -> fields.add(f.asText()));
        TreeMap<Integer, String[]> sort = new TreeMap<>();
        int i = 0;
        for (JsonNode s : b.path("sort")) {
            sort.put(i++, new String[] {s.path("field").asText(), s.path("direction").asText("asc")});
        }
        return store.list(baseId, table, new AirtableStore.ListParams(b.has("pageSize") ? b.get("pageSize").asInt() : null,
                b.has("maxRecords") ? b.get("maxRecords").asInt() : null, b.path("offset").asText(null), fields,
                b.path("filterByFormula").asText(null), sortEntries(sort), b.path("returnFieldsByFieldId").asBoolean(false)));
    }

    @GET
    @Path("{recordId}")
    public ObjectNode get(@PathParam("recordId") String recordId, @Context UriInfo uri) {
        admit(false);
        return store.get(baseId, table, recordId, "true".equals(uri.getQueryParameters().getFirst("returnFieldsByFieldId")));
    }

    @POST
    public ObjectNode create(String body) {
        admit(true);
        return wrote(store.create(baseId, table, JsonBodies.parse(json, body)));
    }

    @PATCH
    public ObjectNode patch(String body) {
        admit(true);
        return wrote(store.update(baseId, table, JsonBodies.parse(json, body), false));
    }

    @PUT
    public ObjectNode put(String body) {
        admit(true);
        return wrote(store.update(baseId, table, JsonBodies.parse(json, body), true));
    }

    @PATCH
    @Path("{recordId}")
    public ObjectNode patchOne(@PathParam("recordId") String recordId, String body) {
        admit(true);
        return store.updateOne(baseId, table, recordId, JsonBodies.parse(json, body), false);
    }

    @PUT
    @Path("{recordId}")
    public ObjectNode putOne(@PathParam("recordId") String recordId, String body) {
        admit(true);
        return store.updateOne(baseId, table, recordId, JsonBodies.parse(json, body), true);
    }

    @DELETE
    public ObjectNode delete(@Context UriInfo uri) {
        admit(true);
        List<String> ids = new ArrayList<>(uri.getQueryParameters().getOrDefault("records[]", List.of()));
        ids.addAll(uri.getQueryParameters().getOrDefault("records", List.of()));
        return wrote(store.delete(baseId, table, ids));
    }

    @DELETE
    @Path("{recordId}")
    public JsonNode deleteOne(@PathParam("recordId") String recordId) {
        admit(true);
        return store.delete(baseId, table, List.of(recordId)).path("records").get(0);
    }

    private ObjectNode wrote(ObjectNode answer) {
        gate.wrote(baseId, answer.has("records") ? answer.get("records").size() : 1);
        return answer;
    }

    private static Integer intParam(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw dev.hookbus.emulator.model.AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "Not a number: " + value);
        }
    }

    private static List<Map.Entry<String, String>> sortEntries(TreeMap<Integer, String[]> sort) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        sort.values().forEach(p -> list.add(Map.entry(p[0] == null ? "" : p[0], p[1] == null ? "asc" : p[1])));
        return list;
    }
}
