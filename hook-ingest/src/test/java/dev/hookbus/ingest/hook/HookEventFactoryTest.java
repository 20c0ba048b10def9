package dev.hookbus.ingest.hook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookbus.events.EventJson;
import dev.hookbus.events.FileSnapshot;
import dev.hookbus.events.HookEvent;
import dev.hookbus.kit.rest.ApiException;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HookEventFactoryTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final HookEventFactory factory = new HookEventFactory(64);

    private static final String EDIT = """
            {"session_id":"s1","cwd":"/w","hook_event_name":"PostToolUse","tool_name":"Edit","tool_use_id":"toolu_1",\
            "tool_input":{"file_path":"plugins/p/agents/a.md","old_string":"caf\u00e9","new_string":"b \\"q\\"","deep":{"x":[1,{"y":2}]}},\
            "tool_response":{"filePath":"/w/plugins/p/agents/a.md","originalFile":"whole file","notebook_path":"n.ipynb"},\
            "future":[null,true,1.50]}""";

    private HookEvent stamp(String json, FileSnapshot snapshot) {
        return factory.stamp(factory.parse(json.getBytes(UTF_8)), HookEvent.Source.HTTP_HOOK, null, null, snapshot, null, NOW);
    }

    private String publishedHook(HookEvent event) throws Exception {
        String envelope = EventJson.toJson(event);
        return EventJson.mapper().readTree(envelope).get("hook").toString();
    }

    @Test
    void theHookIsPublishedAsItCameWithoutTheWhitespaceAndByteOrderMarkAroundIt() throws Exception {
        byte[] framed = ("\uFEFF \n\t" + EDIT + " \r\n").getBytes(UTF_8);
        ParsedHook parsed = factory.parse(framed);
        assertThat(new String(framed, parsed.start(), parsed.end() - parsed.start(), UTF_8)).isEqualTo(EDIT);

        HookEvent event = factory.stamp(parsed, HookEvent.Source.HTTP_HOOK, null, null, null, null, NOW);
        assertThat(EventJson.toJson(event)).contains("\"hook\":" + EDIT);
        assertThat(EventJson.read(EventJson.toBytes(event), HookEvent.class).hook()).isEqualTo(EventJson.mapper().readTree(EDIT));
        assertThat(event.hookEventName()).isEqualTo("PostToolUse");
        assertThat(event.toolName()).isEqualTo("Edit");
        assertThat(event.toolUseId()).isEqualTo("toolu_1");
        assertThat(event.projectRoot()).isEqualTo("/w");
    }

    @Test
    void pathsComeFromBothContainersNormalisedAndOnce() {
        HookEvent event = stamp(EDIT, null);
        assertThat(event.filePaths()).containsExactly("/w/plugins/p/agents/a.md", "/w/n.ipynb");
        assertThat(factory.parse(EDIT.getBytes(UTF_8)).toolInputFilePath()).isEqualTo("plugins/p/agents/a.md");
    }

    @Test
    void originalFileIsDroppedOnlyWhenASnapshotSupersedesIt() throws Exception {
        assertThat(publishedHook(stamp(EDIT, null))).contains("originalFile");
        String withSnapshot = publishedHook(stamp(EDIT, FileSnapshot.of("/w/plugins/p/agents/a.md", "new")));
        assertThat(withSnapshot).doesNotContain("originalFile").contains("\"notebook_path\":\"n.ipynb\"").contains("caf\u00e9");
    }

    @Test
    void aPathThatClimbsOutOfCwdIsRefusedNamingItsField() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> stamp(EDIT.replace("\"n.ipynb\"", "\"../../etc/passwd\""), null));
        assertThat(e.code()).isEqualTo("PATH_ESCAPES");
        assertThat(e.details()).containsEntry("field", "notebook_path");
    }

    /**
     * A body under the 1 MiB limit whose event name was one megabyte long became a record over Kafka's 2 MiB (the
     * envelope repeats the name in a field and a header) and a 503 the client would retry for ever: it is a 400 now.
     */
    @Test
    void aHugeNameOrPathIsRefusedNamingItsFieldBeforeItCanMakeARecordKafkaRefuses() {
        String megabyte = "x".repeat(1_000_000);
        ApiException name = catchThrowableOfType(ApiException.class,
                () -> factory.parse(EDIT.replace("\"PostToolUse\"", "\"" + megabyte + "\"").getBytes(UTF_8)));
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.code()).isEqualTo("INVALID_FIELD");
        assertThat(name.details()).containsEntry("field", "hook_event_name").containsEntry("limitChars", 256);

        ApiException path = catchThrowableOfType(ApiException.class,
                () -> factory.parse(EDIT.replace("\"n.ipynb\"", "\"/w/" + "d/".repeat(3000) + "n.ipynb\"").getBytes(UTF_8)));
        assertThat(path.code()).isEqualTo("INVALID_FIELD");
        assertThat(path.details()).containsEntry("field", "notebook_path").containsEntry("limitChars", 4096);

        // the longest accepted still parses
        assertThat(factory.parse(EDIT.replace("\"toolu_1\"", "\"" + "t".repeat(256) + "\"").getBytes(UTF_8)).toolUseId()).hasSize(256);
    }

    @Test
    void whatTheScanDoesNotReadIsCheckedAllTheSame() throws Exception {
        // invalid UTF-8 inside a string the scan skips
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.write(EDIT.substring(0, EDIT.indexOf("caf")).getBytes(UTF_8));
        badUtf8.write(new byte[] {(byte) 0xC3, 0x28});
        badUtf8.write(EDIT.substring(EDIT.indexOf("caf")).getBytes(UTF_8));
        assertThat(code(badUtf8.toByteArray())).isEqualTo("INVALID_UTF8");
        // nesting inside a field the scan skips
        assertThat(code(EDIT.replace("\"future\":[", "\"future\":[" + "[".repeat(80) + "]".repeat(80) + ",").getBytes(UTF_8)))
                .isEqualTo("TOO_DEEP");
        // broken syntax after everything the scan needs
        assertThat(code(EDIT.replace("1.50]", "1.50,]").getBytes(UTF_8))).isEqualTo("INVALID_JSON");
        assertThat(code((EDIT + "{}").getBytes(UTF_8))).isEqualTo("INVALID_JSON");
        assertThat(code("  ".getBytes(UTF_8))).isEqualTo("NOT_AN_OBJECT");
        assertThat(code("\"text\"".getBytes(UTF_8))).isEqualTo("NOT_AN_OBJECT");
    }

    @Test
    void typesAreCheckedAsBefore() {
        assertThat(code(EDIT.replace("\"tool_input\":{", "\"tool_input\":[{").replace(",\"tool_response\"", "],\"tool_response\"")
                .getBytes(UTF_8))).isEqualTo("INVALID_FIELD_TYPE");
        assertThat(code(EDIT.replace("\"session_id\":\"s1\"", "\"session_id\":null").getBytes(UTF_8))).isEqualTo("MISSING_FIELD");
        assertThat(code(EDIT.replace("\"session_id\":\"s1\"", "\"session_id\":\" \"").getBytes(UTF_8))).isEqualTo("INVALID_FIELD_TYPE");
        assertThat(code(EDIT.replace("\"tool_use_id\":\"toolu_1\"", "\"tool_use_id\":7").getBytes(UTF_8))).isEqualTo("INVALID_FIELD_TYPE");
        // the last of a repeated field counts, as it does for every reader of the published JSON
        assertThat(code(EDIT.replace("\"cwd\":\"/w\"", "\"cwd\":\"/w\",\"cwd\":5").getBytes(UTF_8))).isEqualTo("INVALID_FIELD_TYPE");
        assertThat(stamp(EDIT.replace("\"cwd\":\"/w\"", "\"cwd\":\"/x\",\"cwd\":\"/w\""), null).projectRoot()).isEqualTo("/w");
    }

    private String code(byte[] body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> factory.parse(body));
        assertThat(e).as("rejected").isNotNull();
        return e.code();
    }
}
