package dev.hookbus.emulator;

import static dev.hookbus.emulator.EmulatorApi.BASE;
import static dev.hookbus.emulator.EmulatorApi.api;
import static dev.hookbus.emulator.EmulatorApi.error;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetaAndPageTest {

    @BeforeEach
    void reset() {
        EmulatorApi.resetWithGenerousRateLimit();
    }

    @Test
    void defaultBaseIsTheClaudePluginsLayout() {
        api().get("/v0/meta/bases/" + BASE + "/tables").then().statusCode(200)
                .body("tables.name", hasItems("Marketplaces", "Plugins", "Agents", "Commands", "Skills", "Hooks"))
                .body("tables.find { it.name == 'Agents' }.fields.name", hasItems("Agent Name", "Plugin", "File Path", "Purpose", "Model",
                        "Color", "Tools", "Sync Key", "Content Hash", "Source Time", "Sync Status"))
                .body("tables.find { it.name == 'Agents' }.fields.find { it.name == 'Color' }.options.choices.name",
                        hasItems("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"))
                .body("tables.find { it.name == 'Hooks' }.fields.find { it.name == 'Source Time' }.type", equalTo("dateTime"))
                .body("tables.find { it.name == 'Plugins' }.primaryFieldId",
                        equalTo(api().get("/v0/meta/bases/" + BASE + "/tables").then().extract()
                                .path("tables.find { it.name == 'Plugins' }.fields[0].id")));
    }

    @Test
    void createTableAndField() {
        api().body("{\"name\":\"Extras\",\"fields\":[{\"name\":\"Title\",\"type\":\"singleLineText\"}]}")
                .post("/v0/meta/bases/" + BASE + "/tables").then().statusCode(200).body("name", equalTo("Extras"));
        api().body("{\"name\":\"Rank\",\"type\":\"number\",\"options\":{\"precision\":0}}")
                .post("/v0/meta/bases/" + BASE + "/tables/Extras/fields").then().statusCode(200).body("type", equalTo("number"));
        api().body("{\"records\":[{\"fields\":{\"Title\":\"t\",\"Rank\":3}}]}").post("/v0/" + BASE + "/Extras").then().statusCode(200);
        error(api().body("{\"name\":\"Rank\",\"type\":\"number\"}").post("/v0/meta/bases/" + BASE + "/tables/Extras/fields").then(),
                422, "DUPLICATE_OR_EMPTY_FIELD_NAME");
        error(given().header("Authorization", "Bearer " + EmulatorApi.READ_TOKEN).contentType("application/json")
                .body("{\"name\":\"X\",\"fields\":[{\"name\":\"T\",\"type\":\"singleLineText\"}]}")
                .post("/v0/meta/bases/" + BASE + "/tables").then(), 403, "INVALID_PERMISSIONS");
    }

    @Test
    void theHtmlPageShowsRecordsEscaped() {
        api().body("{\"records\":[{\"fields\":{\"Agent Name\":\"<script>alert(1)</script>\"}}]}").post("/v0/" + BASE + "/Agents").then()
                .statusCode(200);
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Claude Plugins"))
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(not(containsString("<script>alert(1)")));
    }
}
