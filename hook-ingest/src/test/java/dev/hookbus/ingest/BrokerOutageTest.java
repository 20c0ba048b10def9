package dev.hookbus.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.WithRestartableKafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithRestartableKafkaBroker
class BrokerOutageTest {
    KafkaBrokerProcess broker;

    @Test
    void brokerDownIs503WithinTheBoundAndRecoversAfterItRestartsOnTheSamePort() {
        String session = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(HookEndpointTest.postToolUse(session, "toolu_before", "/w", "/w/a.md"))
                .post("/v1/hooks/claude-code").then().statusCode(204);

        broker.stop();
        long start = System.nanoTime();
        given().contentType(ContentType.JSON).body(HookEndpointTest.postToolUse(session, "toolu_during", "/w", "/w/a.md"))
                .post("/v1/hooks/claude-code").then().statusCode(503).header("Retry-After", "5")
                .body("code", equalTo("BROKER_UNAVAILABLE"));
        // the bound is 2 s; the margin is for a loaded machine, the point is that it never waits for the broker to return
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> given().get("/q/health/ready").then().extract().statusCode() == 503);

        broker.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").then().extract().statusCode() == 200);
        // the client's retry of the refused event now publishes it, without a restart of hook-ingest
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().contentType(ContentType.JSON)
                .body(HookEndpointTest.postToolUse(session, "toolu_during", "/w", "/w/a.md")).post("/v1/hooks/claude-code")
                .then().extract().statusCode() == 204);
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).containsExactly("toolu_before", "toolu_during");
    }
}
