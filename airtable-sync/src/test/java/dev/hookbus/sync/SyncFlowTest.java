package dev.hookbus.sync;

import static dev.hookbus.sync.SyncTestSupport.JSON;
import static dev.hookbus.sync.SyncTestSupport.edit;
import static dev.hookbus.sync.SyncTestSupport.publish;
import static dev.hookbus.sync.SyncTestSupport.records;
import static dev.hookbus.sync.SyncTestSupport.recordsWithKeyPrefix;
import static dev.hookbus.sync.SyncTestSupport.results;
import static dev.hookbus.sync.SyncTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.WithAirtableEmulator;
import dev.hookbus.devstack.WithKafkaBroker;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.SyncResultEvent.Outcome;
import dev.hookbus.events.Topic;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.sync.messaging.HookEventProcessor;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKafkaBroker
@WithAirtableEmulator
class SyncFlowTest {
    AirtableEmulatorProcess emulator;

    private static String agent(String name, String description, String extra) {
        return "---\nname: " + name + "\ndescription: " + description + "\nmodel: sonnet\n" + extra + "---\nYou are " + name + ".\n";
    }

    private JsonNode awaitRecord(String table, String syncKey, java.util.function.Predicate<JsonNode> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> records(emulator, table).stream()
                .anyMatch(r -> syncKey.equals(r.path("fields").path("Sync Key").asText()) && condition.test(r)));
        return records(emulator, table).stream().filter(r -> syncKey.equals(r.path("fields").path("Sync Key").asText())).findFirst().orElseThrow();
    }

    @Inject
    HookEventProcessor classification;

    /**
     * The startup's warm-up maps a made-up Write of an agent (in marketplace {@code hookbus-warm-up}) and must leave no
     * trace: no intent on the writes topic, no result, no record. An agent in a plugin the base lacks needs three
     * records (marketplace, plugin, agent), so the warm-up mapped three intents: it ran the real path.
     */
    @Test
    void theStartupWarmUpRanTheRealPathAndPublishedNothing() {
        assertThat(classification.warmedUp()).isTrue();
        assertThat(classification.warmUpIntents()).isEqualTo(3);
        assertThat(SyncTestSupport.readTopic(Topic.AIRTABLE_WRITES.topicName()))
                .noneMatch(c -> new String(c.value(), StandardCharsets.UTF_8).contains("hookbus-warm-up"));
        assertThat(results("hookbus-warm-up")).isEmpty();
        for (String table : List.of("Marketplaces", "Plugins", "Agents")) {
            assertThat(recordsWithKeyPrefix(emulator, table, "hookbus-warm-up")).isEmpty();
        }
    }

    @Test
    void aWriteEventBecomesOneRecordWithEveryMappedFieldLinkedToItsPluginAndMarketplace() throws Exception {
        publish(write("/ws/m-write/plugins/p/agents/code-reviewer.md", agent("reviewer", "Reviews code", "color: blue\ntools: Read, Grep\n"),
                Instant.parse("2026-11-30T10:00:00.123Z")));
        JsonNode record = awaitRecord("Agents", "m-write/p/agents/code-reviewer", r -> true);
        JsonNode f = record.path("fields");
        assertThat(f.path("Agent Name").asText()).isEqualTo("reviewer");
        assertThat(f.path("File Path").asText()).isEqualTo("plugins/p/agents/code-reviewer.md");
        assertThat(f.path("Purpose").asText()).isEqualTo("Reviews code");
        assertThat(f.path("Model").asText()).isEqualTo("sonnet");
        assertThat(f.path("Color").asText()).isEqualTo("blue");
        assertThat(f.path("Tools").asText()).isEqualTo("Read, Grep");
        assertThat(f.path("Source Time").asText()).isEqualTo("2026-11-30T10:00:00.123Z");
        assertThat(f.path("Sync Status").asText()).isEqualTo("Synced");
        assertThat(f.path("Content Hash").asText()).hasSize(64);
        JsonNode plugin = awaitRecord("Plugins", "m-write/p", r -> true);
        assertThat(f.path("Plugin").get(0).asText()).isEqualTo(plugin.path("id").asText());
        JsonNode marketplace = awaitRecord("Marketplaces", "m-write", r -> true);
        assertThat(plugin.path("fields").path("Marketplace Link").get(0).asText()).isEqualTo(marketplace.path("id").asText());
        assertThat(plugin.path("fields").path("Name").asText()).isEqualTo("p");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> results("m-write/p/agents/").stream()
                .anyMatch(r -> r.outcome() == Outcome.CREATED && record.path("id").asText().equals(r.recordId())));
    }

    @Test
    void anEditWithItsOriginalFileWritesTheEditedValues() throws Exception {
        String original = agent("editor", "Before the edit", "");
        publish(edit("/ws/m-edit/plugins/p/agents/editor.md", original, "Before the edit", "After the edit", Instant.now()));
        JsonNode record = awaitRecord("Agents", "m-edit/p/agents/editor", r -> true);
        assertThat(record.path("fields").path("Purpose").asText()).isEqualTo("After the edit");
    }

    @Test
    void anEditThatCannotBeResolvedIsReportedNotDropped() throws Exception {
        HookEvent unresolved = edit("/ws/m-unres/plugins/p/agents/x.md", null, "a", "b", Instant.now());
        publish(unresolved);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> results("m-unres/").stream()
                .anyMatch(r -> r.outcome() == Outcome.UNRESOLVED && unresolved.eventId().equals(r.sourceEventId())));
        assertThat(recordsWithKeyPrefix(emulator, "Agents", "m-unres/")).isEmpty();
    }

    @Test
    void fiftyEditsOfOneFileLeaveOneRecordWithTheLastContent() throws Exception {
        Instant t0 = Instant.parse("2026-11-30T11:00:00Z");
        List<HookEvent> events = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            events.add(write("/ws/m-fifty/plugins/p/agents/busy.md", agent("busy", "version " + i, ""), t0.plusMillis(i)));
        }
        publish(events.toArray(HookEvent[]::new));
        awaitRecord("Agents", "m-fifty/p/agents/busy", r -> r.path("fields").path("Purpose").asText().equals("version 50"));
        assertThat(recordsWithKeyPrefix(emulator, "Agents", "m-fifty/")).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> results("m-fifty/p/agents/busy").size() >= 50);
    }

    /**
     * Intents arrive in many small poll batches (one event after the other); at an Airtable-like round trip the writer
     * still sends full requests, parents first: 1 marketplace + 5 plugins + 95 agents = 101 records need at least 1 + 1
     * + 10 write requests. A writer that sent each poll batch on its own used one partial request per table per batch.
     */
    @Test
    void aBurstOfNewAgentsArrivingInSmallBatchesLeavesInFullRequestsParentsFirst() throws Exception {
        JsonNode before = SyncTestSupport.stats(emulator);
        emulator.admin("PUT", "faults", "{\"latencyMs\":150,\"latencyMaxMs\":250}");
        try {
            List<HookEvent> events = new ArrayList<>();
            for (int n = 0; n < 95; n++) {
                events.add(write("/ws/m-burst/plugins/p" + (n % 5) + "/agents/a" + n + ".md", agent("a" + n, "burst agent " + n, ""), Instant.now()));
            }
            publish(events.toArray(HookEvent[]::new));
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-burst/").size() >= 95);
        } finally {
            emulator.admin("PUT", "faults", "{}");
        }
        JsonNode after = SyncTestSupport.stats(emulator);
        long writeRequests = after.path("writeRequests").asLong() - before.path("writeRequests").asLong();
        long recordsWritten = after.path("recordsWritten").asLong() - before.path("recordsWritten").asLong();
        assertThat(recordsWritten).as("records written").isEqualTo(101);
        assertThat(writeRequests).as("write requests for 101 records (12 at the least)").isBetween(12L, 14L);
        assertThat(after.path("rateLimited").asLong()).isEqualTo(before.path("rateLimited").asLong());

        String marketplaceId = recordsWithKeyPrefix(emulator, "Marketplaces", "m-burst").get(0).path("id").asText();
        java.util.Map<String, String> pluginIds = new java.util.HashMap<>();
        for (JsonNode plugin : recordsWithKeyPrefix(emulator, "Plugins", "m-burst/")) {
            assertThat(plugin.path("fields").path("Marketplace Link").get(0).asText()).isEqualTo(marketplaceId);
            pluginIds.put(plugin.path("fields").path("Sync Key").asText(), plugin.path("id").asText());
        }
        assertThat(pluginIds).hasSize(5);
        List<JsonNode> agents = recordsWithKeyPrefix(emulator, "Agents", "m-burst/");
        assertThat(agents).hasSize(95);
        for (JsonNode agent : agents) {
            String key = agent.path("fields").path("Sync Key").asText();
            int n = Integer.parseInt(key.substring(key.lastIndexOf("/a") + 2));
            assertThat(key).isEqualTo("m-burst/p" + (n % 5) + "/agents/a" + n);
            assertThat(agent.path("fields").path("Purpose").asText()).isEqualTo("burst agent " + n);
            assertThat(agent.path("fields").path("Plugin").get(0).asText()).as(key + " links its plugin").isEqualTo(pluginIds.get("m-burst/p" + (n % 5)));
        }
    }

    @Test
    void theSameEventTwiceWritesOnceAndAnOlderEventAfterANewerOneIsSkipped() throws Exception {
        HookEvent newer = write("/ws/m-order/plugins/p/agents/a.md", agent("a", "newer", ""), Instant.parse("2026-11-30T12:00:02Z"));
        publish(newer);
        awaitRecord("Agents", "m-order/p/agents/a", r -> r.path("fields").path("Purpose").asText().equals("newer"));
        publish(newer);
        HookEvent older = write("/ws/m-order/plugins/p/agents/a.md", agent("a", "older", ""), Instant.parse("2026-11-30T12:00:01Z"));
        publish(older);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> results("m-order/p/agents/a").stream()
                .anyMatch(r -> r.outcome() == Outcome.STALE_SKIPPED && older.eventId().equals(r.sourceEventId())));
        List<SyncResultEvent> forNewer = results("m-order/p/agents/a").stream().filter(r -> newer.eventId().equals(r.sourceEventId())).toList();
        assertThat(forNewer).extracting(SyncResultEvent::outcome).containsExactly(Outcome.CREATED, Outcome.UNCHANGED);
        assertThat(recordsWithKeyPrefix(emulator, "Agents", "m-order/")).singleElement()
                .satisfies(r -> assertThat(r.path("fields").path("Purpose").asText()).isEqualTo("newer"));
    }

    /** A record made by an older tool (no Sync Key), added behind the writer's back; its id. */
    private String oldRecord(String table, String fields) throws Exception {
        String created = emulator.admin("POST", "bases/appHookbusLocal01/tables/" + table + "/records", "{\"records\":[{\"fields\":" + fields + "}]}");
        return JSON.readTree(created).path("records").get(0).path("id").asText();
    }

    @Test
    void aBaseFilledTheOldWayIsAdoptedWithoutASingleNewRecord() throws Exception {
        String mpId = oldRecord("Marketplaces", "{\"Marketplace Name\":\"m-legacy\"}");
        String pluginId = oldRecord("Plugins", "{\"Name\":\"tools\",\"Marketplace Link\":[\"" + mpId + "\"],\"Description\":\"old\"}");
        oldRecord("Agents", "{\"Agent Name\":\"planner\",\"Plugin\":[\"" + pluginId + "\"],\"Purpose\":\"old text\"}");
        oldRecord("Commands", "{\"Command Name\":\"/tools:deploy\",\"Plugin\":[\"" + pluginId + "\"]}");
        int agentsBefore = records(emulator, "Agents").size();
        int commandsBefore = records(emulator, "Commands").size();
        int pluginsBefore = records(emulator, "Plugins").size();
        int marketplacesBefore = records(emulator, "Marketplaces").size();
        // the writer took the base before these records existed: make it list the ledger again
        publishControl(WriteIntentEvent.BaseControl.Command.RELIST_LEDGER);

        publish(write("/ws/m-legacy/plugins/tools/agents/planner.md", agent("planner", "Plans", ""), Instant.now()),
                write("/ws/m-legacy/plugins/tools/commands/deploy.md", "---\ndescription: Deploy\n---\n", Instant.now()));
        awaitRecord("Commands", "m-legacy/tools/commands/deploy", r -> true);
        awaitRecord("Agents", "m-legacy/tools/agents/planner", r -> r.path("fields").path("Purpose").asText().equals("Plans"));
        assertThat(records(emulator, "Agents")).hasSize(agentsBefore);
        assertThat(records(emulator, "Commands")).hasSize(commandsBefore);
        assertThat(records(emulator, "Plugins")).hasSize(pluginsBefore);
        assertThat(records(emulator, "Marketplaces")).hasSize(marketplacesBefore);
        assertThat(awaitRecord("Plugins", "m-legacy/tools", r -> true).path("id").asText()).isEqualTo(pluginId);
        assertThat(results("m-legacy/tools/")).extracting(SyncResultEvent::outcome).contains(Outcome.ADOPTED).doesNotContain(Outcome.CREATED);
    }

    /**
     * Two files whose agents carry the same name match one record made by an older tool: one adopts it, the other waits
     * for that write and then finds no record to adopt, so it gets one of its own (planned against one ledger, both would
     * take it, and the first file's key would be left without a record).
     */
    @Test
    void twoNewKeysThatMatchOneOldRecordDoNotBothTakeIt() throws Exception {
        String mpId = oldRecord("Marketplaces", "{\"Marketplace Name\":\"m-twin\"}");
        String pluginId = oldRecord("Plugins", "{\"Name\":\"tools\",\"Marketplace Link\":[\"" + mpId + "\"]}");
        String legacyId = oldRecord("Agents", "{\"Agent Name\":\"twin\",\"Plugin\":[\"" + pluginId + "\"],\"Purpose\":\"old text\"}");
        publishControl(WriteIntentEvent.BaseControl.Command.RELIST_LEDGER);

        publish(write("/ws/m-twin/plugins/tools/agents/twin.md", agent("twin", "first file", ""), Instant.now()),
                write("/ws/m-twin/plugins/tools/agents/twin-copy.md", agent("twin", "second file", ""), Instant.now()));
        JsonNode first = awaitRecord("Agents", "m-twin/tools/agents/twin", r -> r.path("fields").path("Purpose").asText().equals("first file"));
        JsonNode second = awaitRecord("Agents", "m-twin/tools/agents/twin-copy", r -> r.path("fields").path("Purpose").asText().equals("second file"));
        List<JsonNode> agents = recordsWithKeyPrefix(emulator, "Agents", "m-twin/");
        assertThat(agents).hasSize(2);
        assertThat(first.path("id").asText()).isNotEqualTo(second.path("id").asText());
        assertThat(List.of(first.path("id").asText(), second.path("id").asText())).contains(legacyId);
    }

    @Test
    void oneBadRecordGoesToTheDlqWithItsHeadersAndTheOtherNineAreWritten() throws Exception {
        List<HookEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(write("/ws/m-dlq/plugins/p/agents/a" + i + ".md", agent("a" + i, "agent " + i, i == 4 ? "color: magenta\n" : "color: red\n"),
                    Instant.now()));
        }
        publish(events.toArray(HookEvent[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recordsWithKeyPrefix(emulator, "Agents", "m-dlq/").size() == 9);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SyncTestSupport.readTopic(Topic.AIRTABLE_SYNC_DLQ.topicName()).stream()
                .anyMatch(c -> "m-dlq/p/agents/a4".equals(c.headers().get("hookbus-dlq-sync-key"))));
        var dead = SyncTestSupport.readTopic(Topic.AIRTABLE_SYNC_DLQ.topicName()).stream()
                .filter(c -> "m-dlq/p/agents/a4".equals(c.headers().get("hookbus-dlq-sync-key"))).toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers()).containsEntry("hookbus-dlq-http-status", "422")
                .containsEntry("hookbus-dlq-airtable-error-type", "INVALID_MULTIPLE_CHOICE_OPTIONS")
                .containsKey("dead-letter-reason");
        assertThat(dead.get(0).headers().get("hookbus-dlq-source-offset")).startsWith("hookbus.airtable-writes.v1-");
        WriteIntentEvent intent = EventJson.read(dead.get(0).value(), WriteIntentEvent.class);
        assertThat(intent.fields()).containsEntry("Color", "magenta");
        // the original record, byte for byte, with where it came from and why it is here
        var headers = dead.get(0).headers();
        assertThat(headers).containsEntry("dead-letter-topic", Topic.AIRTABLE_WRITES.topicName()).containsEntry("dead-letter-stage", "airtable")
                .containsEntry("dead-letter-cause", "INVALID_MULTIPLE_CHOICE_OPTIONS").containsKey("dead-letter-reason");
        var original = SyncTestSupport.readTopic(Topic.AIRTABLE_WRITES.topicName()).stream()
                .filter(c -> new String(c.value(), java.nio.charset.StandardCharsets.UTF_8).contains(intent.intentId())).toList();
        assertThat(original).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(original.get(0).value());
        assertThat(dead.get(0).key()).isEqualTo(original.get(0).key()).isEqualTo(AirtableEmulatorProcess.BASE_ID);
        assertThat(recordsWithKeyPrefix(emulator, "Agents", "m-dlq/")).extracting(r -> r.path("fields").path("Sync Key").asText())
                .doesNotContain("m-dlq/p/agents/a4");
        assertThat(results("m-dlq/p/agents/a4")).extracting(SyncResultEvent::outcome).contains(Outcome.DEAD_LETTERED);
    }

    private void publishControl(WriteIntentEvent.BaseControl.Command command) throws Exception {
        WriteIntentEvent control = WriteIntentEvent.control(java.util.UUID.randomUUID().toString(), AirtableEmulatorProcess.BASE_ID,
                Instant.now(), new WriteIntentEvent.BaseControl(java.util.UUID.randomUUID().toString(), command, java.util.Map.of()));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(java.util.Map.of("bootstrap.servers",
                SyncTestSupport.bootstrap()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topic.AIRTABLE_WRITES.topicName(),
                    AirtableEmulatorProcess.BASE_ID, EventJson.toBytes(control))).get();
        }
    }

    @Test
    void theBasesOwnerGrantsTokensOfItsOneBudgetToOtherProcesses() throws Exception {
        // the writer owns the base once its partition is assigned: then a token is granted, as OwnerRateBudget asks
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> io.restassured.RestAssured.given()
                .post("/api/budget/" + AirtableEmulatorProcess.BASE_ID + "/permit").statusCode() == 200);
        io.restassured.RestAssured.given().post("/api/budget/" + AirtableEmulatorProcess.BASE_ID + "/penalty?seconds=0").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("BAD_PENALTY"));
        dev.hookbus.airtable.RateBudget granted = new dev.hookbus.airtable.OwnerRateBudget(io.restassured.RestAssured.baseURI + ":"
                + io.restassured.RestAssured.port, AirtableEmulatorProcess.BASE_ID, null, dev.hookbus.airtable.RateBudget.local(1), message -> {
                    throw new AssertionError("fell back although the owner answers: " + message);
                });
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            granted.acquire();
        }
        System.out.printf("5 tokens granted by the owner in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        // the owner finds a base's partition as Kafka's producer places the base id: the producer is the oracle
        String scratch = "budget-partition-oracle";
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers", SyncTestSupport.bootstrap()));
                var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(java.util.Map.of("bootstrap.servers",
                        SyncTestSupport.bootstrap()), new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(scratch, Topic.AIRTABLE_WRITES.partitions(), (short) 1)))
                    .all().get();
            for (String base : java.util.List.of("appHookbusLocal01", "appA", "appB", "appCatalog2026", "app" + java.util.UUID.randomUUID())) {
                int placed = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(scratch, base, new byte[0])).get().partition();
                assertThat(dev.hookbus.sync.budget.BaseBudgets.partitionOf(base)).as(base).isEqualTo(placed);
            }
        }
    }
}
