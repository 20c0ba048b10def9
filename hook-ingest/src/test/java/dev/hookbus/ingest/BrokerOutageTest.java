package dev.hookbus.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.hookbus.devstack.KafkaBrokerProcess;
import dev.hookbus.devstack.WithRestartableKafkaBroker;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithRestartableKafkaBroker
class BrokerOutageTest {
    KafkaBrokerProcess broker;

    @TestHTTPResource("/")
    URL ingest;

    @Test
    void brokerDownIs503WithinTheBoundAndRecoversAfterItRestartsOnTheSamePort() {
        String session = UUID.randomUUID().toString();
        awaitReady();
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

    @Test
    void aClientThatHangsUpMidPublishStrandsNothingAndItsRetryIsAnsweredWithinTheBound() throws Exception {
        String session = UUID.randomUUID().toString();
        byte[] body = HookEndpointTest.postToolUse(session, "toolu_cut", "/w", "/w/a.md").getBytes(StandardCharsets.UTF_8);
        awaitReady();

        broker.pause();
        try (Socket client = new Socket("127.0.0.1", ingest.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/hooks/claude-code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // the client gives up before the broker could answer, as the forwarder's curl or a cancelled hook does
            client.setSoTimeout(1000);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            // the broker stays unresponsive for longer than the client waited and longer than the publish bound
            Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        } finally {
            // a failure above must not leave the broker stopped for the next test
            broker.resume();
        }

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest retry = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.getPort() + "/v1/hooks/claude-code"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(6))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // every answer comes within the bound (2 s, plus margin for a loaded machine): 503 while the producer
        // reconnects, then 204; a dead claim would hold every retry until the client gave up
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> http.send(retry, HttpResponse.BodyHandlers.discarding()).statusCode() == 204);
        assertThat(HookTopic.forSession(session)).extracting(p -> p.event().toolUseId()).contains("toolu_cut");
    }

    /** Ready includes the producer's metadata for the hook topic, so a first publish never waits for it. */
    private static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").then().extract().statusCode() == 200);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'producer-metadata' }.status", equalTo("UP"));
    }
}
