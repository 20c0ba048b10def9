package dev.hookbus.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.emulator.model.AirtableException;
import dev.hookbus.emulator.model.AirtableStore;
import dev.hookbus.emulator.model.RequestGate;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin API, outside {@code /v0} and outside the rate limit: counters, reset, fault injection, rate-limit
 * settings, and seeding records (to prepare a base "filled the old way" for a test).
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    AirtableStore store;
    @Inject
    RequestGate gate;
    @Inject
    ObjectMapper json;

    @GET
    @Path("stats")
    public ObjectNode stats() {
        ObjectNode out = json.createObjectNode();
        ObjectNode bases = out.putObject("bases");
        for (String baseId : store.baseIds()) {
            RequestGate.BaseCounters c = gate.counters().get(baseId);
            ObjectNode b = bases.putObject(baseId);
            b.put("requests", c == null ? 0 : c.requests()).put("rateLimited", c == null ? 0 : c.rateLimited())
                    .put("faulted", c == null ? 0 : c.faulted()).put("writeRequests", c == null ? 0 : c.writeRequests())
                    .put("recordsWritten", c == null ? 0 : c.recordsWritten());
            Instant penalty = c == null ? Instant.EPOCH : c.penaltyUntil();
            b.put("penaltyUntil", penalty.isAfter(Instant.now()) ? penalty.toString() : null);
            ObjectNode tables = b.putObject("records");
            store.base(baseId).tables().forEach(t -> tables.put(t.name(), t.records().size()));
        }
        out.put("tokenRateLimited", gate.tokenRateLimited());
        return out;
    }

    /** Records back to the schema files, counters and penalties cleared; one base with {@code ?base=}. */
    @POST
    @Path("reset")
    public ObjectNode reset(@QueryParam("base") String baseId) {
        store.reset(Optional.ofNullable(baseId));
        gate.resetCounters(baseId);
        return stats();
    }

    /** {@code {"latencyMs":150,"latencyMaxMs":400,"errorShare":0.2,"errorStatuses":[500,502,503],"outageSeconds":90,"rateLimitNext":3}} */
    @PUT
    @Path("faults")
    public ObjectNode setFaults(String body) {
        JsonNode b = JsonBodies.parse(json, body);
        List<Integer> statuses = new ArrayList<>();
        b.path("errorStatuses").forEach(s -> statuses.add(s.asInt()));
        if (statuses.isEmpty()) {
            statuses.addAll(List.of(500, 502, 503));
        }
        if (statuses.stream().anyMatch(s -> s < 500 || s > 599)) {
            throw new AirtableException(400, "INVALID_REQUEST_UNKNOWN", "errorStatuses must be 5xx codes");
        }
        double share = b.path("errorShare").asDouble(0);
        if (share < 0 || share > 1) {
            throw new AirtableException(400, "INVALID_REQUEST_UNKNOWN", "errorShare must be between 0 and 1");
        }
        Instant outageUntil = b.has("outageSeconds") ? Instant.now().plusMillis((long) (b.get("outageSeconds").asDouble() * 1000))
                : Instant.EPOCH;
        Duration latency = Duration.ofMillis(b.path("latencyMs").asLong(0));
        Duration latencyMax = Duration.ofMillis(b.path("latencyMaxMs").asLong(latency.toMillis()));
        if (latency.isNegative() || latencyMax.compareTo(latency) < 0) {
            throw new AirtableException(400, "INVALID_REQUEST_UNKNOWN", "latencyMs must be >= 0 and latencyMaxMs >= latencyMs");
        }
        gate.setFaults(new RequestGate.Faults(latency, latencyMax, share, statuses, outageUntil));
        // the next N requests (any base) answer 429 and start that base's penalty, as going over the limit would
        gate.rateLimitNext(b.path("rateLimitNext").asInt(0));
        return faults();
    }

    @GET
    @Path("faults")
    public ObjectNode faults() {
        RequestGate.Faults f = gate.faults();
        ObjectNode out = json.createObjectNode();
        out.put("latencyMs", f.latency().toMillis()).put("latencyMaxMs", f.latencyMax().toMillis()).put("errorShare", f.errorShare());
        f.errorStatuses().forEach(out.putArray("errorStatuses")::add);
        out.put("outageUntil", f.outageUntil().isAfter(Instant.now()) ? f.outageUntil().toString() : null);
        return out;
    }

    @DELETE
    @Path("faults")
    public ObjectNode clearFaults() {
        gate.setFaults(gate.baseline());
        return faults();
    }

    /** {@code {"maxRequests":5,"windowMs":1000,"penaltyMs":30000,"tokenMaxRequests":50}} */
    @PUT
    @Path("rate-limit")
    public ObjectNode setRateLimit(String body) {
        JsonNode b = JsonBodies.parse(json, body);
        RequestGate.RateLimitSettings current = gate.rateLimit();
        gate.setRateLimit(new RequestGate.RateLimitSettings(b.path("maxRequests").asInt(current.maxRequests()),
                Duration.ofMillis(b.path("windowMs").asLong(current.window().toMillis())),
                Duration.ofMillis(b.path("penaltyMs").asLong(current.penalty().toMillis())),
                b.path("tokenMaxRequests").asInt(current.tokenMaxRequests())));
        return rateLimit();
    }

    @GET
    @Path("rate-limit")
    public ObjectNode rateLimit() {
        RequestGate.RateLimitSettings r = gate.rateLimit();
        ObjectNode out = json.createObjectNode();
        out.put("maxRequests", r.maxRequests()).put("windowMs", r.window().toMillis()).put("penaltyMs", r.penalty().toMillis())
                .put("tokenMaxRequests", r.tokenMaxRequests());
        return out;
    }

    /** Every record of a table (no paging, no rate limit): what a test or a person checks. */
    @GET
    @Path("bases/{baseId}/tables/{table}/records")
    public ObjectNode records(@PathParam("baseId") String baseId, @PathParam("table") String table) {
        ObjectNode out = json.createObjectNode();
        var records = out.putArray("records");
        String offset = null;
        do {
            ObjectNode page = store.list(baseId, table, new AirtableStore.ListParams(100, null, offset, List.of(), null, List.of(), false));
            page.path("records").forEach(records::add);
            offset = page.path("offset").asText(null);
        } while (offset != null);
        return out;
    }

    /** Seeds records with the same validation as the Web API, but any number and no rate limit. */
    @POST
    @Path("bases/{baseId}/tables/{table}/records")
    public ObjectNode seed(@PathParam("baseId") String baseId, @PathParam("table") String table, String body) {
        JsonNode b = JsonBodies.parse(json, body);
        ObjectNode out = json.createObjectNode();
        var created = out.putArray("records");
        List<JsonNode> all = new ArrayList<>();
        b.path("records").forEach(all::add);
        for (int i = 0; i < all.size(); i += AirtableStore.MAX_RECORDS_PER_WRITE) {
            ObjectNode chunk = json.createObjectNode();
            chunk.put("typecast", b.path("typecast").asBoolean(false));
            var records = chunk.putArray("records");
            all.subList(i, Math.min(all.size(), i + AirtableStore.MAX_RECORDS_PER_WRITE)).forEach(records::add);
            store.create(baseId, table, chunk).path("records").forEach(created::add);
        }
        return out;
    }
}
