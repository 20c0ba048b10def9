package dev.hookbus.emulator;

import static dev.hookbus.emulator.EmulatorApi.BASE;
import static dev.hookbus.emulator.EmulatorApi.api;
import static dev.hookbus.emulator.EmulatorApi.error;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RecordsApiTest {
    private static final String AGENTS = "/v0/" + BASE + "/Agents";
    private static final String PLUGINS = "/v0/" + BASE + "/Plugins";

    @BeforeEach
    void reset() {
        EmulatorApi.resetWithGenerousRateLimit();
    }

    private String createPlugin(String name) {
        return api().body("{\"records\":[{\"fields\":{\"Name\":\"" + name + "\",\"Sync Key\":\"m/" + name + "\"}}]}")
                .post(PLUGINS).then().statusCode(200).extract().path("records[0].id");
    }

    @Test
    void createGetAndIdsInAirtableFormats() {
        JsonPath created = api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"a\",\"Model\":\"sonnet\",\"Color\":\"blue\","
                + "\"Source Time\":\"2026-11-30T10:00:00Z\"}}]}").post(AGENTS).then().statusCode(200).extract().jsonPath();
        String id = created.getString("records[0].id");
        assertThat(id).matches("rec[0-9A-Za-z]{14}");
        assertThat(created.getString("records[0].createdTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        api().get(AGENTS + "/" + id).then().statusCode(200).body("fields.'Agent Name'", equalTo("a"))
                .body("fields.'Source Time'", equalTo("2026-11-30T10:00:00.000Z"));
        error(api().get(AGENTS + "/recAAAAAAAAAAAAAA").then(), 404, "NOT_FOUND");
    }

    @Test
    void atMostTenRecordsPerWrite() {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 11; i++) {
            body.append(i == 0 ? "" : ",").append("{\"fields\":{\"Agent Name\":\"a").append(i).append("\"}}");
        }
        error(api().body(body.append("]}").toString()).post(AGENTS).then(), 422, "INVALID_RECORDS");
        api().get(AGENTS).then().body("records", hasSize(0));
    }

    @Test
    void patchMergesAndPutReplaces() {
        String id = api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"a\",\"Model\":\"sonnet\"}}]}").post(AGENTS).then()
                .extract().path("records[0].id");
        api().body("{\"records\":[{\"id\":\"" + id + "\",\"fields\":{\"Purpose\":\"p\"}}]}").patch(AGENTS).then().statusCode(200)
                .body("records[0].fields.Model", equalTo("sonnet")).body("records[0].fields.Purpose", equalTo("p"));
        api().body("{\"records\":[{\"id\":\"" + id + "\",\"fields\":{\"Agent Name\":\"b\"}}]}").put(AGENTS).then().statusCode(200)
                .body("records[0].fields", not(hasKey("Model"))).body("records[0].fields.'Agent Name'", equalTo("b"));
        api().body("{\"fields\":{\"Model\":\"opus\"}}").patch(AGENTS + "/" + id).then().statusCode(200)
                .body("fields.Model", equalTo("opus")).body("fields.'Agent Name'", equalTo("b"));
        error(api().body("{\"records\":[{\"id\":\"recAAAAAAAAAAAAAA\",\"fields\":{}}]}").patch(AGENTS).then(), 404, "NOT_FOUND");
    }

    @Test
    void upsertCreatesThenUpdatesAndRefusesAmbiguousMatches() {
        String upsert = "{\"performUpsert\":{\"fieldsToMergeOn\":[\"Sync Key\"]},\"records\":[{\"fields\":{\"Sync Key\":\"m/p/agents/a\","
                + "\"Agent Name\":\"%s\"}}]}";
        JsonPath first = api().body(upsert.formatted("v1")).patch(AGENTS).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("createdRecords")).hasSize(1);
        assertThat(first.getList("updatedRecords")).isEmpty();
        JsonPath second = api().body(upsert.formatted("v2")).patch(AGENTS).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("createdRecords")).isEmpty();
        assertThat(second.getList("updatedRecords")).containsExactly(first.getString("createdRecords[0]"));
        api().get(AGENTS).then().body("records", hasSize(1)).body("records[0].fields.'Agent Name'", equalTo("v2"));

        // a second record with the same key (as an old race would leave it) makes the whole upsert fail
        api().body("{\"records\":[{\"fields\":{\"Sync Key\":\"m/p/agents/a\"}}]}").post(AGENTS).then().statusCode(200);
        error(api().body(upsert.formatted("v3")).patch(AGENTS).then(), 422, "INVALID_VALUE_FOR_COLUMN");
        api().get(AGENTS).then().body("records", hasSize(2)).body("records.fields.'Agent Name'", not(org.hamcrest.Matchers.hasItem("v3")));

        error(api().body("{\"performUpsert\":{\"fieldsToMergeOn\":[]},\"records\":[{\"fields\":{}}]}").patch(AGENTS).then(), 422,
                "INVALID_REQUEST_UNKNOWN");
        error(api().body("{\"performUpsert\":{\"fieldsToMergeOn\":[\"Plugin\"]},\"records\":[{\"fields\":{}}]}").patch(AGENTS).then(),
                422, "INVALID_REQUEST_UNKNOWN");
    }

    @Test
    void oneBadRecordFailsTheWholeRequest() {
        String body = "{\"records\":[{\"fields\":{\"Agent Name\":\"good\"}},{\"fields\":{\"Agent Name\":\"bad\",\"Color\":\"magenta\"}}]}";
        error(api().body(body).post(AGENTS).then(), 422, "INVALID_MULTIPLE_CHOICE_OPTIONS");
        api().get(AGENTS).then().body("records", hasSize(0));
    }

    @Test
    void statsCountAnsweredWriteRequestsAndTheRecordsTheyCarried() {
        api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"a\"}},{\"fields\":{\"Agent Name\":\"b\"}},{\"fields\":{\"Agent Name\":\"c\"}}]}")
                .post(AGENTS).then().statusCode(200);
        api().body("{\"performUpsert\":{\"fieldsToMergeOn\":[\"Sync Key\"]},\"records\":[{\"fields\":{\"Sync Key\":\"m/p/agents/x\"}},"
                + "{\"fields\":{\"Sync Key\":\"m/p/agents/y\"}}]}").patch(AGENTS).then().statusCode(200);
        // neither a read nor a refused write counts
        api().get(AGENTS).then().statusCode(200);
        error(api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"bad\",\"Color\":\"magenta\"}}]}").post(AGENTS).then(), 422,
                "INVALID_MULTIPLE_CHOICE_OPTIONS");
        given().get("/admin/stats").then().body("bases." + BASE + ".writeRequests", equalTo(2)).body("bases." + BASE + ".recordsWritten", equalTo(5))
                .body("bases." + BASE + ".requests", equalTo(4));
    }

    @Test
    void typecastAddsASelectOption() {
        api().body("{\"typecast\":true,\"records\":[{\"fields\":{\"Agent Name\":\"a\",\"Color\":\"magenta\"}}]}").post(AGENTS).then()
                .statusCode(200).body("records[0].fields.Color", equalTo("magenta"));
        api().get("/v0/meta/bases/" + BASE + "/tables").then().statusCode(200)
                .body("tables.find { it.name == 'Agents' }.fields.find { it.name == 'Color' }.options.choices.name",
                        org.hamcrest.Matchers.hasItem("magenta"));
        // once it exists, no typecast is needed
        api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"b\",\"Color\":\"magenta\"}}]}").post(AGENTS).then().statusCode(200);
    }

    @Test
    void fieldValidation() {
        error(api().body("{\"records\":[{\"fields\":{\"Nope\":\"x\"}}]}").post(AGENTS).then(), 422, "UNKNOWN_FIELD_NAME")
                .body("error.message", containsString("Nope"));
        error(api().body("{\"records\":[{\"fields\":{\"Plugin\":\"recXXXXXXXXXXXXXX\"}}]}").post(AGENTS).then(), 422,
                "INVALID_VALUE_FOR_COLUMN").body("error.message", equalTo("Value is not an array of record IDs."));
        error(api().body("{\"records\":[{\"fields\":{\"Plugin\":[\"recXXXXXXXXXXXXXX\"]}}]}").post(AGENTS).then(), 422,
                "INVALID_VALUE_FOR_COLUMN");
        error(api().body("{\"records\":[{\"fields\":{\"Source Time\":\"yesterday\"}}]}").post(AGENTS).then(), 422,
                "INVALID_VALUE_FOR_COLUMN");
        error(api().body("{\"records\":[{\"fields\":{\"Agent Name\":42}}]}").post(AGENTS).then(), 422, "INVALID_VALUE_FOR_COLUMN");
        String plugin = createPlugin("p");
        api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"a\",\"Plugin\":[\"" + plugin + "\"],\"Model\":\"\",\"Tools\":\"\"}}]}")
                .post(AGENTS).then().statusCode(200).body("records[0].fields.Plugin[0]", equalTo(plugin))
                .body("records[0].fields", not(hasKey("Model"))).body("records[0].fields", not(hasKey("Tools")));
    }

    @Test
    void paginationAcrossMoreThanAHundredRecordsWithOpaqueCursors() {
        List<String> seeded = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 250; i++) {
            body.append(i == 0 ? "" : ",").append("{\"fields\":{\"Agent Name\":\"agent-").append(i).append("\",\"Model\":\"m")
                    .append(i % 3).append("\"}}");
        }
        given().contentType(ContentType.JSON).body(body.append("]}").toString()).post("/admin/bases/" + BASE + "/tables/Agents/records")
                .then().statusCode(200).extract().jsonPath().getList("records.id", String.class).forEach(seeded::add);
        Set<String> seen = new HashSet<>();
        String offset = null;
        int pages = 0;
        do {
            var request = api().queryParam("pageSize", 100).queryParam("fields[]", "Agent Name");
            if (offset != null) {
                request.queryParam("offset", offset);
            }
            JsonPath page = request.get(AGENTS).then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("records.id", String.class);
            assertThat(ids).hasSizeLessThanOrEqualTo(100);
            seen.addAll(ids);
            assertThat(page.getList("records.fields.Model")).allMatch(java.util.Objects::isNull);
            offset = page.getString("offset");
            pages++;
        } while (offset != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(seeded);

        // POST listRecords takes the same parameters as a body
        api().body("{\"pageSize\":10,\"maxRecords\":25,\"filterByFormula\":\"{Model} = 'm1'\"}").post(AGENTS + "/listRecords").then()
                .statusCode(200).body("records", hasSize(10)).body("offset", matchesPattern("itr[0-9A-Za-z]{14}/rec[0-9A-Za-z]{14}"));
        api().queryParam("maxRecords", 5).get(AGENTS).then().body("records", hasSize(5)).body("offset", nullValue());
        error(api().queryParam("offset", "itrAAAAAAAAAAAAAA/recAAAAAAAAAAAAAA").get(AGENTS).then(), 422, "LIST_RECORDS_ITERATOR_NOT_AVAILABLE");
        error(api().queryParam("pageSize", 101).get(AGENTS).then(), 422, "INVALID_PAGE_SIZE");
    }

    @Test
    void filterByFormulaSubset() {
        api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"it's\",\"Model\":\"a\"}},{\"fields\":{\"Agent Name\":\"b\",\"Model\":\"a\"}},"
                + "{\"fields\":{\"Agent Name\":\"c\",\"Model\":\"z\"}}]}").post(AGENTS).then().statusCode(200);
        api().queryParam("filterByFormula", "{Agent Name} = 'it\\'s'").get(AGENTS).then().body("records", hasSize(1));
        api().queryParam("filterByFormula", "AND({Model}=\"a\", {Agent Name} != 'b')").get(AGENTS).then().body("records", hasSize(1))
                .body("records[0].fields.'Agent Name'", equalTo("it's"));
        api().queryParam("filterByFormula", "OR({Agent Name}='b',{Agent Name}='c')").get(AGENTS).then().body("records", hasSize(2));
        api().queryParam("filterByFormula", "{Sync Key} = BLANK()").get(AGENTS).then().body("records", hasSize(3));
        error(api().queryParam("filterByFormula", "SEARCH('a', {Model})").get(AGENTS).then(), 422, "INVALID_FILTER_BY_FORMULA");
        error(api().queryParam("filterByFormula", "{Agent Name} = 'x' & 'y'").get(AGENTS).then(), 422, "INVALID_FILTER_BY_FORMULA");
        error(api().queryParam("filterByFormula", "{Nope} = 'x'").get(AGENTS).then(), 422, "INVALID_FILTER_BY_FORMULA");
    }

    @Test
    void deleteUpToTenAndLinksToDeletedRecordsDisappear() {
        String plugin = createPlugin("p");
        String agent = api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"a\",\"Plugin\":[\"" + plugin + "\"]}}]}").post(AGENTS)
                .then().extract().path("records[0].id");
        api().queryParam("records[]", plugin).delete(PLUGINS).then().statusCode(200).body("records[0].id", equalTo(plugin))
                .body("records[0].deleted", equalTo(true));
        api().get(AGENTS + "/" + agent).then().body("fields", not(hasKey("Plugin")));
        api().delete(AGENTS + "/" + agent).then().statusCode(200).body("deleted", equalTo(true));
        error(api().queryParam("records[]", agent).delete(AGENTS).then(), 404, "NOT_FOUND");
        var many = api();
        for (int i = 0; i < 11; i++) {
            many.queryParam("records[]", "recAAAAAAAAAAAAA" + (char) ('a' + i));
        }
        error(many.delete(AGENTS).then(), 422, "INVALID_RECORDS");
    }

    @Test
    void authErrorsAsAirtableAnswersThem() {
        error(given().get(AGENTS).then(), 401, "AUTHENTICATION_REQUIRED");
        error(given().header("Authorization", "Bearer wrong").get(AGENTS).then(), 401, "AUTHENTICATION_REQUIRED");
        error(api().get("/v0/appNOPENOPENOPE00/Agents").then(), 403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND");
        error(api().get("/v0/" + BASE + "/NoSuchTable").then(), 403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND");
        given().header("Authorization", "Bearer " + EmulatorApi.READ_TOKEN).get(AGENTS).then().statusCode(200);
        error(given().header("Authorization", "Bearer " + EmulatorApi.READ_TOKEN).contentType(ContentType.JSON)
                .body("{\"records\":[{\"fields\":{}}]}").post(AGENTS).then(), 403, "INVALID_PERMISSIONS");
    }

    @Test
    void invalidJsonIs400AndOversizedBodyIs413() throws Exception {
        error(api().body("{\"records\": [").post(AGENTS).then(), 400, "INVALID_REQUEST_UNKNOWN");
        // as a client that announces its body (Expect: 100-continue) sees it; others see the connection closed
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                + io.restassured.RestAssured.port + AGENTS)).expectContinue(true).header("Authorization", "Bearer " + EmulatorApi.TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"records\":[{\"fields\":{\"Purpose\":\""
                        + "x".repeat(6 * 1024 * 1024) + "\"}}]}")).build();
        assertThat(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(413);
        api().get(AGENTS).then().body("records", hasSize(0));
    }
}
