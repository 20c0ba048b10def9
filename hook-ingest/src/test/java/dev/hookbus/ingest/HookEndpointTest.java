package dev.hookbus.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.FileSnapshot;
import dev.hookbus.events.HookEvent;
import dev.hookbus.ingest.rest.HookResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaBroker
class HookEndpointTest {
    private static final String PATH = "/v1/hooks/claude-code";

    static String postToolUse(String session, String toolUseId, String cwd, String filePath) {
        return """
                {"session_id":"%s","transcript_path":"/home/u/.claude/projects/x/t.jsonl","cwd":"%s","permission_mode":"default",
                 "hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"%s","content":"---\\nname: a\\n---\\n"},
                 "tool_response":{"filePath":"%s","success":true},"tool_use_id":"%s","duration_ms":12,"brand_new_field":{"x":[1]}}"""
                .formatted(session, cwd, filePath, filePath, toolUseId);
    }

    @Test
    void nativeHookIsPublishedWithKeyHeadersAndEnvelopeBeforeThe204() {
        String session = UUID.randomUUID().toString();
        String eventId = given().contentType(ContentType.JSON).body(postToolUse(session, "toolu_1", "/work/repo", "/work/repo/plugins/p/agents/a.md"))
                .post(PATH).then().statusCode(204).body(emptyString()).header(HookResource.EVENT_ID_HEADER, notNullValue())
                .extract().header(HookResource.EVENT_ID_HEADER);
        assertThat(eventId).isEqualTo(EventIds.forHook(session, "toolu_1", "PostToolUse"));
        // the answer came after the broker's ack: the record is already there
        List<HookTopic.Published> published = HookTopic.forSession(session);
        assertThat(published).hasSize(1);
        HookTopic.Published record = published.get(0);
        assertThat(record.key()).isEqualTo("/work/repo");
        assertThat(record.headers()).containsEntry("hookbus-event-id", eventId).containsEntry("hookbus-schema-version", "1")
                .containsEntry("hookbus-hook-event", "PostToolUse").containsEntry("hookbus-source", "HTTP_HOOK");
        HookEvent event = record.event();
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.source()).isEqualTo(HookEvent.Source.HTTP_HOOK);
        assertThat(event.capturedAt()).isNull();
        assertThat(event.receivedAt()).isBefore(Instant.now().plusSeconds(1));
        assertThat(event.toolName()).isEqualTo("Write");
        assertThat(event.filePaths()).containsExactly("/work/repo/plugins/p/agents/a.md");
        assertThat(event.hook().path("brand_new_field").path("x").get(0).asInt()).isEqualTo(1);
        assertThat(event.hook().path("tool_input").path("content").asText()).isEqualTo("---\nname: a\n---\n");
    }

    @Test
    void unknownEventNamesAreAcceptedAndKept() {
        String session = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body("{\"session_id\":\"" + session + "\",\"cwd\":\"/w\",\"hook_event_name\":\"FutureEvent\",\"x\":1}")
                .post(PATH).then().statusCode(204);
        assertThat(HookTopic.forSession(session)).singleElement().satisfies(p -> assertThat(p.event().hookEventName()).isEqualTo("FutureEvent"));
    }

    @Test
    void theSameEventTwiceIsPublishedOnce() {
        String session = UUID.randomUUID().toString();
        String body = postToolUse(session, "toolu_dup", "/w", "/w/x.md");
        given().contentType(ContentType.JSON).body(body).post(PATH).then().statusCode(204).header(HookResource.DUPLICATE_HEADER, (String) null);
        given().contentType(ContentType.JSON).body(body).post(PATH).then().statusCode(204).header(HookResource.DUPLICATE_HEADER, "true");
        assertThat(HookTopic.forSession(session)).hasSize(1);
    }

    @Test
    void forwarderMultipartCarriesTheSnapshotAndItsServerSideHash() {
        String session = UUID.randomUUID().toString();
        String content = "---\nname: reviewer\ndescription: Reviews\n---\nBody é\n";
        String event = """
                {"session_id":"%s","cwd":"/w/sub","hook_event_name":"PostToolUse","tool_name":"Edit","tool_use_id":"toolu_e",
                 "tool_input":{"file_path":"/w/plugins/p/agents/r.md","old_string":"a","new_string":"b"},
                 "tool_response":{"filePath":"/w/plugins/p/agents/r.md","originalFile":"huge original text"}}""".formatted(session);
        given().multiPart("event", "event.json", event.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("snapshot", "snapshot", content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("snapshot_path", "/w/plugins/p/agents/r.md")
                .header(HookResource.IDEMPOTENCY_KEY_HEADER, "idem-" + session)
                .header(HookResource.CAPTURED_AT_HEADER, "2026-11-30T10:00:00.250Z")
                .header(HookResource.PROJECT_DIR_HEADER, "/w")
                .post(PATH + "/forward").then().statusCode(204);
        HookTopic.Published p = HookTopic.forSession(session).get(0);
        assertThat(p.key()).isEqualTo("/w");
        HookEvent e = p.event();
        assertThat(e.source()).isEqualTo(HookEvent.Source.FORWARDER);
        assertThat(e.capturedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00.250Z"));
        assertThat(e.sourceTime()).isEqualTo(e.capturedAt());
        assertThat(e.idempotencyKey()).isEqualTo("idem-" + session);
        assertThat(e.snapshot()).isEqualTo(new FileSnapshot("/w/plugins/p/agents/r.md", content,
                FileSnapshot.sha256Hex(content.getBytes(StandardCharsets.UTF_8))));
        assertThat(e.hook().path("tool_response").has("originalFile")).isFalse();
        assertThat(e.hook().path("tool_input").path("old_string").asText()).isEqualTo("a");

        // the same idempotency key again (a replay with a changed body) is acknowledged, not published
        given().multiPart("event", "event.json", event.replace("toolu_e", "toolu_other").getBytes(StandardCharsets.UTF_8), "application/json")
                .header(HookResource.IDEMPOTENCY_KEY_HEADER, "idem-" + session)
                .post(PATH + "/forward").then().statusCode(204).header(HookResource.DUPLICATE_HEADER, "true");
        assertThat(HookTopic.forSession(session)).hasSize(1);
    }

    @Test
    void everyBadInputGetsItsFourHundredAndPublishesNothing() {
        String session = UUID.randomUUID().toString();
        String good = postToolUse(session, "toolu_bad", "/w", "/w/a.md");
        record Case(String contentType, byte[] body, int status, String code) {
        }
        List<Case> cases = List.of(
                new Case("text/plain", good.getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Case("application/json", ("{\"session_id\":\"" + session + "\",\"cwd\":\"/w\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}")
                        .getBytes(StandardCharsets.UTF_8), 413, "PAYLOAD_TOO_LARGE"),
                new Case("application/json", "{\"session_id\":".getBytes(StandardCharsets.UTF_8), 400, "INVALID_JSON"),
                new Case("application/json", "[1,2]".getBytes(StandardCharsets.UTF_8), 400, "NOT_AN_OBJECT"),
                new Case("application/json", good.replace("\"hook_event_name\":\"PostToolUse\",", "").getBytes(StandardCharsets.UTF_8), 400, "MISSING_FIELD"),
                new Case("application/json", good.replace("\"cwd\":\"/w\"", "\"cwd\":42").getBytes(StandardCharsets.UTF_8), 400, "INVALID_FIELD_TYPE"),
                new Case("application/json", good.replace("\"cwd\":\"/w\"", "\"cwd\":\"relative\"").getBytes(StandardCharsets.UTF_8), 400, "INVALID_PATH"),
                new Case("application/json", good.replace("\"tool_name\":\"Write\"", "\"tool_name\":[1]").getBytes(StandardCharsets.UTF_8), 400, "INVALID_FIELD_TYPE"),
                new Case("application/json", good.replace("\"file_path\":\"/w/a.md\"", "\"file_path\":\"../../etc/x.md\"").getBytes(StandardCharsets.UTF_8), 400, "PATH_ESCAPES"),
                new Case("application/json", ("{\"session_id\":\"" + session + "\",\"cwd\":\"/w\",\"hook_event_name\":\"Stop\",\"d\":" + "[".repeat(100) + "]".repeat(100) + "}")
                        .getBytes(StandardCharsets.UTF_8), 400, "TOO_DEEP"),
                new Case("application/json", concat("{\"session_id\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28},
                        ("\",\"cwd\":\"/w\",\"hook_event_name\":\"Stop\"}").getBytes(StandardCharsets.UTF_8)), 400, "INVALID_UTF8"));
        for (Case c : cases) {
            given().contentType(c.contentType()).body(c.body()).post(PATH).then().statusCode(c.status())
                    .contentType(ContentType.JSON).body("code", equalTo(c.code())).body("message", not(emptyString()))
                    .body("details", notNullValue()).body(not(org.hamcrest.Matchers.containsString("at dev.hookbus")));
        }
        given().multiPart("snapshot", "s", "x".getBytes(StandardCharsets.UTF_8)).post(PATH + "/forward").then().statusCode(400)
                .body("code", equalTo("MISSING_PART"));
        given().multiPart("event", "e.json", good.getBytes(StandardCharsets.UTF_8), "application/json")
                .header(HookResource.CAPTURED_AT_HEADER, "yesterday").post(PATH + "/forward").then().statusCode(400)
                .body("code", equalTo("INVALID_HEADER"));
        given().multiPart("event", "e.json", good.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("snapshot", "s", new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00}, "text/plain").post(PATH + "/forward").then()
                .statusCode(400).body("code", equalTo("INVALID_UTF8"));
        assertThat(HookTopic.forSession(session)).isEmpty();
    }

    @Test
    void metricsCountAcceptedRejectedAndDuplicates() {
        given().contentType("text/plain").body("x").post(PATH).then().statusCode(415);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("hookbus_ingest_rejected_total{reason=\"UNSUPPORTED_MEDIA_TYPE\"}"))
                .body(org.hamcrest.Matchers.containsString("hookbus_ingest_publish_seconds"));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
