package dev.hookbus.airtable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Airtable Web API calls hookbus makes. Every call first takes a token from the base's {@link RateBudget}; a 429
 * penalizes the budget for the penalty. Errors are {@link AirtableApiException}s. The token is sent, never logged or
 * put in a message. No formula is ever built from data.
 */
public final class AirtableClient {
    /** Above this URL length a listing switches to {@code POST …/listRecords} (Airtable's limit is 16,000). */
    static final int MAX_URL_LENGTH = 15_000;
    public static final int MAX_RECORDS_PER_WRITE = 10;

    private final HttpClient http;
    private final ObjectMapper json;
    private final String apiUrl;
    private final Supplier<String> token;
    private final Duration penalty;
    private final Duration requestTimeout;
    private final java.util.function.Consumer<Duration> rateLimitNotice;

    /**
     * @param apiUrl e.g. {@code https://api.airtable.com/v0} or the emulator's {@code http://127.0.0.1:8704/v0}
     * @param token the personal access token
     * @param penalty how long a 429 blocks the base (Airtable: 30 s)
     */
    public AirtableClient(String apiUrl, Supplier<String> token, Duration penalty, Duration requestTimeout) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(), apiUrl, token, penalty,
                requestTimeout, null);
    }

    private AirtableClient(HttpClient http, String apiUrl, Supplier<String> token, Duration penalty, Duration requestTimeout,
            java.util.function.Consumer<Duration> rateLimitNotice) {
        this.http = http;
        this.json = new ObjectMapper();
        this.apiUrl = apiUrl.replaceAll("/+$", "");
        this.token = token;
        this.penalty = penalty;
        this.requestTimeout = requestTimeout;
        this.rateLimitNotice = rateLimitNotice;
    }

    /**
     * The same client, but a 429 is waited out instead of thrown: the budget is penalized, {@code notice} hears how
     * long, and the request is sent again once the penalty is over. For callers that must finish whoever caused the 429
     * (the validator, the schema command); the writer handles 429s itself.
     */
    public AirtableClient waitingOutRateLimits(java.util.function.Consumer<Duration> notice) {
        return new AirtableClient(http, apiUrl, token, penalty, requestTimeout, notice);
    }

    /** How long a 429 blocks a base, as this client assumes it. */
    public Duration penalty() {
        return penalty;
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** Every record of a table (all pages), restricted to {@code fields} when given. */
    public List<AirtableRecord> listAll(RateBudget budget, String baseId, String table, Collection<String> fields) throws InterruptedException {
        List<AirtableRecord> all = new ArrayList<>();
        String offset = null;
        do {
            JsonNode page = listPage(budget, baseId, table, fields, offset);
            for (JsonNode r : page.path("records")) {
                all.add(record(r));
            }
            offset = page.path("offset").asText(null);
        } while (offset != null);
        return all;
    }

    private JsonNode listPage(RateBudget budget, String baseId, String table, Collection<String> fields, String offset)
            throws InterruptedException {
        StringBuilder url = new StringBuilder(tableUrl(baseId, table)).append("?pageSize=100");
        for (String f : fields) {
            url.append("&fields%5B%5D=").append(encode(f));
        }
        if (offset != null) {
            url.append("&offset=").append(encode(offset));
        }
        if (url.length() <= MAX_URL_LENGTH) {
            return send(budget, HttpRequest.newBuilder(URI.create(url.toString())).GET());
        }
        ObjectNode body = json.createObjectNode().put("pageSize", 100);
        ArrayNode list = body.putArray("fields");
        fields.forEach(list::add);
        if (offset != null) {
            body.put("offset", offset);
        }
        return send(budget, post(tableUrl(baseId, table) + "/listRecords", body));
    }

    /**
     * Upsert on {@code mergeField} (no typecast: an unknown select option is an error, not a silent new option).
     *
     * @param records each {@code {"fields":{…}}} (optionally with {@code id}, which then wins over the merge field)
     */
    public UpsertResult upsert(RateBudget budget, String baseId, String table, String mergeField, List<ObjectNode> records)
            throws InterruptedException {
        checkBatch(records);
        ObjectNode body = json.createObjectNode();
        body.putObject("performUpsert").putArray("fieldsToMergeOn").add(mergeField);
        body.put("typecast", false);
        ArrayNode list = body.putArray("records");
        records.forEach(list::add);
        JsonNode reply = send(budget, request(tableUrl(baseId, table), "PATCH", body));
        List<AirtableRecord> written = new ArrayList<>();
        reply.path("records").forEach(r -> written.add(record(r)));
        List<String> created = new ArrayList<>();
        reply.path("createdRecords").forEach(id -> created.add(id.asText()));
        List<String> updated = new ArrayList<>();
        reply.path("updatedRecords").forEach(id -> updated.add(id.asText()));
        return new UpsertResult(written, created, updated);
    }

    /** What an upsert did: the records in request order, and which ids were created or updated. */
    public record UpsertResult(List<AirtableRecord> records, List<String> createdRecords, List<String> updatedRecords) {
    }

    /** PATCH by record id: only the fields sent change. */
    public List<AirtableRecord> update(RateBudget budget, String baseId, String table, List<ObjectNode> records) throws InterruptedException {
        checkBatch(records);
        ObjectNode body = json.createObjectNode().put("typecast", false);
        ArrayNode list = body.putArray("records");
        records.forEach(list::add);
        JsonNode reply = send(budget, request(tableUrl(baseId, table), "PATCH", body));
        List<AirtableRecord> written = new ArrayList<>();
        reply.path("records").forEach(r -> written.add(record(r)));
        return written;
    }

    public List<String> delete(RateBudget budget, String baseId, String table, List<String> recordIds) throws InterruptedException {
        if (recordIds.isEmpty() || recordIds.size() > MAX_RECORDS_PER_WRITE) {
            throw new IllegalArgumentException("delete takes 1 to 10 record ids, got " + recordIds.size());
        }
        StringBuilder url = new StringBuilder(tableUrl(baseId, table));
        char sep = '?';
        for (String id : recordIds) {
            url.append(sep).append("records%5B%5D=").append(encode(id));
            sep = '&';
        }
        JsonNode reply = send(budget, HttpRequest.newBuilder(URI.create(url.toString())).DELETE());
        List<String> deleted = new ArrayList<>();
        reply.path("records").forEach(r -> deleted.add(r.path("id").asText()));
        return deleted;
    }

    /** {@code GET /v0/meta/bases/{baseId}/tables}. */
    public JsonNode tables(RateBudget budget, String baseId) throws InterruptedException {
        return send(budget, HttpRequest.newBuilder(URI.create(apiUrl + "/meta/bases/" + encode(baseId) + "/tables")).GET());
    }

    public JsonNode createTable(RateBudget budget, String baseId, JsonNode table) throws InterruptedException {
        return send(budget, post(apiUrl + "/meta/bases/" + encode(baseId) + "/tables", table));
    }

    public JsonNode createField(RateBudget budget, String baseId, String tableId, JsonNode field) throws InterruptedException {
        return send(budget, post(apiUrl + "/meta/bases/" + encode(baseId) + "/tables/" + encode(tableId) + "/fields", field));
    }

    private static void checkBatch(List<?> records) {
        if (records.isEmpty() || records.size() > MAX_RECORDS_PER_WRITE) {
            throw new IllegalArgumentException("a write takes 1 to 10 records, got " + records.size());
        }
    }

    private String tableUrl(String baseId, String table) {
        return apiUrl + "/" + encode(baseId) + "/" + encode(table);
    }

    private HttpRequest.Builder post(String url, JsonNode body) {
        return request(url, "POST", body);
    }

    private HttpRequest.Builder request(String url, String method, JsonNode body) {
        try {
            return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write request body", e);
        }
    }

    private JsonNode send(RateBudget budget, HttpRequest.Builder builder) throws InterruptedException {
        HttpRequest request = builder.timeout(requestTimeout).header("Authorization", "Bearer " + token.get()).build();
        while (true) {
            try {
                return sendOnce(budget, request);
            } catch (AirtableApiException e) {
                if (e.kind() != AirtableApiException.Kind.RATE_LIMITED || rateLimitNotice == null) {
                    throw e;
                }
                // the budget is penalized: the next acquire waits the penalty out
                rateLimitNotice.accept(penalty);
            }
        }
    }

    private JsonNode sendOnce(RateBudget budget, HttpRequest request) throws InterruptedException {
        budget.acquire();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AirtableApiException(AirtableApiException.Kind.RETRYABLE, 0, null,
                    "Airtable unreachable at " + apiUrl + ": " + e.getClass().getSimpleName());
        }
        int status = response.statusCode();
        JsonNode body;
        try {
            body = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            body = json.createObjectNode();
        }
        if (status >= 200 && status < 300) {
            return body;
        }
        if (status == 429) {
            budget.penalize(penalty);
        }
        // errors come as {"error":{"type","message"}} or {"error":"NOT_FOUND"}
        JsonNode error = body.path("error");
        String type = error.isTextual() ? error.asText() : error.path("type").asText(null);
        String message = error.isObject() ? error.path("message").asText("") : "";
        throw AirtableApiException.fromStatus(status, type, "Airtable answered " + status + (type == null ? "" : " " + type)
                + (message.isEmpty() ? "" : ": " + message));
    }

    private static AirtableRecord record(JsonNode r) {
        String created = r.path("createdTime").asText(null);
        return new AirtableRecord(r.path("id").asText(), created == null ? null : Instant.parse(created), r.path("fields"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The local emulator's token: not a secret, the emulator only listens on loopback. */
    public static final String EMULATOR_TOKEN = "patHookbusLocalEmulator.local";

    /**
     * The token to use: the configured one, else the emulator's when the URL is on loopback. Any other URL without a
     * token is a configuration error with one line that says how to fix it.
     */
    public static String resolveToken(String apiUrl, String configuredToken) {
        if (configuredToken != null && !configuredToken.isBlank()) {
            return configuredToken.strip();
        }
        String host;
        try {
            host = URI.create(apiUrl).getHost();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("AIRTABLE_API_URL=" + apiUrl + " is not a URL");
        }
        if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]"))) {
            throw new IllegalStateException("AIRTABLE_TOKEN is not set but AIRTABLE_API_URL=" + apiUrl
                    + " is not the local emulator: set AIRTABLE_TOKEN to a personal access token");
        }
        return EMULATOR_TOKEN;
    }

}
