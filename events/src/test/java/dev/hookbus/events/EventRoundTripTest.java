package dev.hookbus.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRoundTripTest {

    private static final Instant T1 = Instant.parse("2026-11-30T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-11-30T10:00:01Z");

    private static <T> T roundTrip(T event, Class<T> type) {
        return EventJson.read(EventJson.toBytes(event), type);
    }

    @Test
    void hookEventKeepsTheOriginalJsonVerbatimIncludingUnknownFields() throws Exception {
        JsonNode hook = EventJson.mapper().readTree("""
                {"session_id":"abc123","hook_event_name":"PostToolUse","tool_name":"Write",
                 "tool_input":{"file_path":"/p/a.md","content":"x"},"future_field":{"nested":[1,2]}}""");
        HookEvent event = new HookEvent(HookEvent.SCHEMA_VERSION, "id-1", T1, T2, HookEvent.Source.FORWARDER, "/p",
                "PostToolUse", "Write", "abc123", "toolu_1", List.of("/p/a.md"), hook,
                FileSnapshot.of("/p/a.md", "x"), "idem-1");
        HookEvent back = roundTrip(event, HookEvent.class);
        assertThat(back).isEqualTo(event);
        assertThat(back.hook().path("future_field").path("nested").get(1).asInt()).isEqualTo(2);
        assertThat(back.sourceTime()).isEqualTo(T1);
        assertThat(back.snapshot().sha256()).isEqualTo("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
    }

    @Test
    void aRawHookIsWrittenVerbatimAndReadBackAsTheSameJson() throws Exception {
        String original = "{\"session_id\":\"s\",\"hook_event_name\":\"PostToolUse\",\"tool_input\":{\"content\":\"caf\u00e9 \\\"q\\\"\\n\"},"
                + "\"n\":[1,2.50,{\"deep\":null}]}";
        byte[] framed = ("\uFEFF  " + original + "  \n").getBytes(UTF_8);
        int start = framed.length - original.getBytes(UTF_8).length - 3;
        JsonNode raw = RawJson.node(framed, start, original.getBytes(UTF_8).length);
        HookEvent event = new HookEvent(HookEvent.SCHEMA_VERSION, "id-r", null, T2, HookEvent.Source.HTTP_HOOK, "/p", "PostToolUse",
                null, "s", null, List.of(), raw, null, null);

        String json = EventJson.toJson(event);
        assertThat(json).contains("\"hook\":" + original);
        assertThat(new String(EventJson.toBytes(event), UTF_8)).isEqualTo(json);
        HookEvent back = EventJson.read(EventJson.toBytes(event), HookEvent.class);
        assertThat(back.hook()).isEqualTo(EventJson.mapper().readTree(original));
        assertThat(back.hook().path("tool_input").path("content").asText()).isEqualTo("caf\u00e9 \"q\"\n");
        assertThat(back.hook().path("n").get(1).decimalValue()).isEqualByComparingTo("2.5");
    }

    @Test
    void anOpsCommandIsTooOldOnlyPastTheMaximumAgeAndNeverWithoutAnIssueTime() {
        OpsCommandEvent command = new OpsCommandEvent(1, "c1", OpsCommandEvent.AIRTABLE_SYNC, "base.pause", null, T1, "test");
        java.time.Duration tenMinutes = java.time.Duration.ofMinutes(10);
        assertThat(command.olderThan(tenMinutes, T1.plus(tenMinutes))).isFalse();
        assertThat(command.olderThan(tenMinutes, T1.plus(tenMinutes).plusMillis(1))).isTrue();
        assertThat(new OpsCommandEvent(1, "c2", OpsCommandEvent.VALIDATOR, "reconcile", null, null, "test")
                .olderThan(tenMinutes, T2.plusSeconds(86_400))).isFalse();
    }

    @Test
    void sourceTimeFallsBackToReceivedAt() {
        HookEvent event = new HookEvent(1, "id", null, T2, HookEvent.Source.HTTP_HOOK, "/p", "Stop", null, "s", null,
                null, null, null, null);
        assertThat(event.sourceTime()).isEqualTo(T2);
        assertThat(EventJson.toJson(event)).doesNotContain("capturedAt").doesNotContain("snapshot");
    }

    @Test
    void unknownFieldsAndUnknownEnumValuesAreTolerated() {
        String json = """
                {"schemaVersion":2,"resultId":"r1","outcome":"TELEPORTED","syncKey":"mp/p/agents/a",
                 "brandNewField":true,"completedAt":"2026-11-30T10:00:01Z"}""";
        SyncResultEvent result = EventJson.read(json, SyncResultEvent.class);
        assertThat(result.outcome()).isEqualTo(SyncResultEvent.Outcome.UNKNOWN);
        assertThat(result.schemaVersion()).isEqualTo(2);
        assertThat(result.completedAt()).isEqualTo(T2);
    }

    @Test
    void everyContractRoundTrips() {
        List<Object> events = List.of(
                new ComponentRepairEvent(1, "rep-1", ComponentRepairEvent.Action.UPSERT, "appX", "mp/p/agents/a", "Agents",
                        "mp", FileSnapshot.of("plugins/p/agents/a.md", "---\nname: a\n---\n"), List.of(), T1, T2, "Missing"),
                new WriteIntentEvent(1, "int-1", "appX", WriteIntentEvent.Operation.UPSERT, "Agents", "mp/p/agents/a", null,
                        Map.of("Agent Name", "a", "Model", "sonnet"), Map.of("Plugin", List.of("mp/p")), "abc", T1, "ev-1",
                        "rep-1", null),
                new WriteIntentEvent(1, "int-2", "appX", WriteIntentEvent.Operation.CONTROL, null, null, null, null, null,
                        null, null, null, null,
                        new WriteIntentEvent.BaseControl("cmd-1", WriteIntentEvent.BaseControl.Command.PAUSE, Map.of())),
                new SyncResultEvent(1, "res-1", SyncResultEvent.Outcome.DEAD_LETTERED, "appX", "Agents", "mp/p/agents/a",
                        null, "ev-1", "rep-1", "int-1", T1, T2, 422, "INVALID_MULTIPLE_CHOICE_OPTIONS", "color magenta"),
                new TiltRunEvent(1, "te-1", TiltRunEvent.Type.RUN_FINISHED, "run-1", "citadel", "/ws",
                        TiltRunEvent.Status.ERROR, List.of("server", "ui"), 2, "server", TiltRunEvent.Failure.BUILD_ERROR,
                        TiltRunEvent.errorLine(2, "server", "build failed"), "logs/sync-error-x.log", "build:7", "hook:ev-1", T2),
                new ReconcileReportEvent(1, "rr-1", "appX", List.of("/root"), T1, T2,
                        Map.of(ReconcileReportEvent.State.SYNCED, 3, ReconcileReportEvent.State.STALE, 1),
                        List.of(new ReconcileReportEvent.Entry("mp/p/agents/a", ReconcileReportEvent.State.STALE, "Agents",
                                "plugins/p/agents/a.md", List.of("rec1"), "hash differs", List.of("line 3: not YAML"))),
                        0, List.of("rep-1"), true, false, "cli"),
                new OpsCommandEvent(1, "cmd-1", OpsCommandEvent.TILT_ORCHESTRATOR, "tilt.run", Map.of("pipeline", "citadel"),
                        T1, "cli"));
        for (Object event : events) {
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) event.getClass();
            assertThat(roundTrip(event, type)).as(type.getSimpleName()).isEqualTo(event);
        }
    }

    @Test
    void errorLineHasTheExactShape() {
        assertThat(TiltRunEvent.errorLine(2, "server", "build error: exit 101"))
                .isEqualTo("ERROR: The sync and deploy process failed at Step 2 (server): build error: exit 101");
    }

    @Test
    void snapshotContentNeverAppearsInToString() {
        assertThat(FileSnapshot.of("/p/secret.md", "TOKEN=hunter2").toString()).doesNotContain("hunter2");
    }
}
