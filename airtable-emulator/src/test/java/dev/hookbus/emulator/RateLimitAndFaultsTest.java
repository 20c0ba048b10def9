package dev.hookbus.emulator;

import static dev.hookbus.emulator.EmulatorApi.BASE;
import static dev.hookbus.emulator.EmulatorApi.api;
import static dev.hookbus.emulator.EmulatorApi.error;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitAndFaultsTest {
    private static final String AGENTS = "/v0/" + BASE + "/Agents";

    @BeforeEach
    void reset() {
        EmulatorApi.resetWithGenerousRateLimit();
    }

    @AfterEach
    void generous() {
        EmulatorApi.resetWithGenerousRateLimit();
    }

    private static void rateLimit(int max, long windowMs, long penaltyMs) {
        given().contentType(ContentType.JSON).body("{\"maxRequests\":" + max + ",\"windowMs\":" + windowMs + ",\"penaltyMs\":" + penaltyMs + "}")
                .put("/admin/rate-limit").then().statusCode(200);
    }

    @Test
    void theSixthRequestInAWindowIs429AndEveryRequestFailsDuringThePenalty() {
        // a window long enough that six quick requests always fall inside it on a slow machine
        rateLimit(5, 10_000, 1_500);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(api().get(AGENTS).then().extract().statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        error(api().get(AGENTS).then(), 429, "RATE_LIMIT_REACHED").body("error.message", equalTo("Rate limit exceeded. Please try again later"));
        // other bases are not affected... there is one base; the meta API of the same base is
        error(api().get("/v0/meta/bases/" + BASE + "/tables").then(), 429, "RATE_LIMIT_REACHED");
        long penaltyStart = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().get(AGENTS).then().extract().statusCode() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - penaltyStart)).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
        given().get("/admin/stats").then().body("bases." + BASE + ".rateLimited", org.hamcrest.Matchers.greaterThanOrEqualTo(3));
    }

    @Test
    void theWindowSlides() {
        rateLimit(2, 3_000, 5_000);
        long start = System.nanoTime();
        api().get(AGENTS).then().statusCode(200);
        api().get(AGENTS).then().statusCode(200);
        // once the first two leave the window, two more fit
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - start > 3_100_000_000L);
        api().get(AGENTS).then().statusCode(200);
        api().get(AGENTS).then().statusCode(200);
        error(api().get(AGENTS).then(), 429, "RATE_LIMIT_REACHED");
    }

    @Test
    void injectedOutageAndErrors() {
        given().contentType(ContentType.JSON).body("{\"outageSeconds\":30}").put("/admin/faults").then().statusCode(200);
        error(api().get(AGENTS).then(), 503, "SERVICE_UNAVAILABLE");
        given().contentType(ContentType.JSON).body("{\"errorShare\":1.0,\"errorStatuses\":[502]}").put("/admin/faults").then().statusCode(200);
        error(api().get(AGENTS).then(), 502, "BAD_GATEWAY");
        given().delete("/admin/faults").then().statusCode(200);
        api().get(AGENTS).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"errorShare\":2}").put("/admin/faults").then().statusCode(400);
    }

    @Test
    void resetClearsRecordsCountersAndPenalty() {
        rateLimit(1, 10_000, 60_000);
        api().get(AGENTS).then().statusCode(200);
        api().get(AGENTS).then().statusCode(429);
        given().post("/admin/reset").then().statusCode(200).body("bases." + BASE + ".requests", equalTo(0));
        api().get(AGENTS).then().statusCode(200);
    }

    @Test
    void oneTokenOverItsLimitAcrossBasesIs429ForThatToken() {
        given().contentType(ContentType.JSON).body("{\"maxRequests\":100,\"windowMs\":10000,\"penaltyMs\":1500,\"tokenMaxRequests\":3}")
                .put("/admin/rate-limit").then().statusCode(200).body("tokenMaxRequests", equalTo(3));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(api().get(AGENTS).then().extract().statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        given().get("/admin/stats").then().body("tokenRateLimited", equalTo(1));
    }

    @Test
    void latencyIsDrawnBetweenTheShortestAndTheLongest() {
        given().contentType(ContentType.JSON).body("{\"latencyMs\":100,\"latencyMaxMs\":300}").put("/admin/faults").then().statusCode(200)
                .body("latencyMs", equalTo(100)).body("latencyMaxMs", equalTo(300));
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long start = System.nanoTime();
            api().get(AGENTS).then().statusCode(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(100));
        assertThat(java.util.Collections.max(millis) - java.util.Collections.min(millis)).as("jitter, not one fixed delay: %s", millis)
                .isGreaterThanOrEqualTo(20);
        given().contentType(ContentType.JSON).body("{\"latencyMs\":300,\"latencyMaxMs\":100}").put("/admin/faults").then().statusCode(400);
    }
}
