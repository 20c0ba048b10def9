package dev.hookbus.emulator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Test helpers: the Web API as a client calls it. */
final class EmulatorApi {
    static final String TOKEN = "patTestFull.token";
    static final String READ_TOKEN = "patTestRead.token";
    static final String BASE = "appHookbusLocal01";

    private EmulatorApi() {
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    static void resetWithGenerousRateLimit() {
        given().post("/admin/reset").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"maxRequests\":100000,\"windowMs\":1000,\"penaltyMs\":30000,\"tokenMaxRequests\":100000}")
                .put("/admin/rate-limit").then().statusCode(200);
        given().delete("/admin/faults").then().statusCode(200);
    }

    static ValidatableResponse error(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).body("error.type", org.hamcrest.Matchers.equalTo(type));
    }
}
