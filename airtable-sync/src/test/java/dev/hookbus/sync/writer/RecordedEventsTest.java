package dev.hookbus.sync.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.sync.classify.ContentResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events the previous version wrote (schema 1, recorded byte for byte under {@code recorded/schema-1}) are still read
 * and applied: they stay on the topics for 7 days, so a new version must not lose the ones it finds there.
 */
class RecordedEventsTest {
    private static final FieldMapping MAPPING = FieldMapping.defaults();

    static WriteIntentEvent intent(String name) throws IOException {
        return EventJson.read(bytes(name), WriteIntentEvent.class);
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = RecordedEventsTest.class.getResourceAsStream("/recorded/schema-1/" + name)) {
            return in.readAllBytes();
        }
    }

    static SourcedIntent sourced(WriteIntentEvent intent) {
        return new SourcedIntent(intent, "hookbus.airtable-writes.v1", 0, 0, intent.baseId(), new byte[0], Map.of());
    }

    static PlannedWrite planned(WriteIntentEvent intent) {
        List<WriteOutcome> out = new ArrayList<>();
        WritePlanner.Plan plan = new WritePlanner(MAPPING, new Ledger(), new Outcomes(intent.baseId()), new java.util.HashSet<>())
                .plan(MAPPING.forTable(intent.table()).orElseThrow(), List.of(sourced(intent)), out);
        assertThat(out).as("decided without a write").isEmpty();
        List<PlannedWrite> all = new ArrayList<>(plan.writes());
        all.addAll(plan.deletes());
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void aSchema1AdoptionByRecordIdIsStillAnAdoptionThatSetsTheKey() throws Exception {
        WriteIntentEvent adopt = intent("intent-update-by-id-adopt.json");
        assertThat(adopt.schemaVersion()).isEqualTo(1);
        assertThat(adopt.operation()).isEqualTo(WriteIntentEvent.Operation.UPDATE_BY_ID);
        PlannedWrite p = planned(adopt);
        assertThat(p.outcome()).isEqualTo(Outcome.ADOPTED);
        assertThat(p.recordId()).isEqualTo("recLEGACY0000001");
        assertThat(p.fields().path("Sync Key").asText()).isEqualTo("rec-mkt/tools/agents/legacy");
        assertThat(p.fields().path("Agent Name").asText()).isEqualTo("legacy");
        assertThat(p.fields().path("Sync Status").asText()).isEqualTo("Synced");
        // every owned field is sent, the absent ones as null, as for any update
        assertThat(p.fields().has("Model")).isTrue();
        assertThat(p.fields().path("Model").isNull()).isTrue();
    }

    @Test
    void aSchema1OrphanMarkIsStillAMarkAndTouchesNothingElse() throws Exception {
        PlannedWrite p = planned(intent("intent-update-by-id-orphan.json"));
        assertThat(p.outcome()).isEqualTo(Outcome.MARKED_ORPHANED);
        assertThat(p.recordId()).isEqualTo("recGONE000000001");
        assertThat(p.fields().properties()).extracting(Map.Entry::getKey).containsExactly("Sync Status");
        assertThat(p.fields().path("Sync Status").asText()).isEqualTo("Orphaned");
    }

    @Test
    void schema1UpsertsEnsuresDeletesAndControlsReadAsBefore() throws Exception {
        PlannedWrite upsert = planned(intent("intent-upsert.json"));
        assertThat(upsert.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(upsert.fields().path("Sync Key").asText()).isEqualTo("rec-mkt/tools/agents/reviewer");
        assertThat(upsert.fields().path("Tools").asText()).isEqualTo("Read, Grep");
        assertThat(upsert.fields().path("Source Time").asText()).isEqualTo("2026-11-30T09:15:00.123Z");
        assertThat(intent("intent-upsert.json").formerSyncKeys()).isEmpty();

        PlannedWrite ensure = planned(intent("intent-ensure.json"));
        assertThat(ensure.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(ensure.fields().has("Source Time")).as("a parent made from its key claims no time").isFalse();

        PlannedWrite delete = planned(intent("intent-delete.json"));
        assertThat(delete.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(delete.recordId()).isEqualTo("recPRUNED0000001");

        WriteIntentEvent control = intent("intent-control-pause.json");
        assertThat(control.operation()).isEqualTo(WriteIntentEvent.Operation.CONTROL);
        assertThat(control.control().command()).isEqualTo(WriteIntentEvent.BaseControl.Command.PAUSE);
        assertThat(control.control().commandId()).isEqualTo("cmd-1");
    }

    @Test
    void aRecordedHookEventResolvesToTheFileItWrote() throws Exception {
        HookEvent event = EventJson.read(bytes("hook-event-write.json"), HookEvent.class);
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.sourceTime()).isEqualTo(java.time.Instant.parse("2026-11-30T09:14:59.500Z"));
        String path = event.filePaths().get(0);
        assertThat(path).isEqualTo("/home/dev/project/plugins/demo/agents/auditor.md");
        assertThat(ContentResolver.resolve(event, path)).hasValueSatisfying(text -> assertThat(text).startsWith("---\nname: auditor\n")
                .contains("tools: Read\n"));
    }
}
