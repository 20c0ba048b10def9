package dev.hookbus.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.hookbus.devstack.WithKafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaBroker
@TestProfile(AuthTest.WithTokens.class)
class AuthTest {
    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookbus.http.tokens", "s3cret-one,s3cret-two");
        }
    }

    private static String body() {
        return HookEndpointTest.postToolUse(UUID.randomUUID().toString(), "toolu_a", "/w", "/w/a.md");
    }

    @Test
    void aConfiguredTokenIsRequired() {
        given().contentType(ContentType.JSON).body(body()).post("/v1/hooks/claude-code").then().statusCode(401)
                .body("code", equalTo("UNAUTHORIZED"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret-onX").body(body()).post("/v1/hooks/claude-code")
                .then().statusCode(401).body(not(containsString("s3cret")));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret-two").body(body()).post("/v1/hooks/claude-code")
                .then().statusCode(204);
        given().header("Authorization", "Bearer nope").multiPart("event", "e.json", body().getBytes(), "application/json")
                .post("/v1/hooks/claude-code/forward").then().statusCode(401);
    }
}
