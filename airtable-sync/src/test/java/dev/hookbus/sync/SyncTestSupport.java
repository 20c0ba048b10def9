package dev.hookbus.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Hook events in, Airtable state and results out, as the tests of airtable-sync need them. */
final class SyncTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WS = "/ws";

    private SyncTestSupport() {
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static HookEvent write(String path, String content, Instant capturedAt) {
        ObjectNode hook = JSON.createObjectNode();
        String session = UUID.randomUUID().toString();
        hook.put("session_id", session).put("cwd", WS).put("hook_event_name", "PostToolUse").put("tool_name", "Write")
                .put("tool_use_id", "toolu_" + UUID.randomUUID());
        hook.putObject("tool_input").put("file_path", path).put("content", content);
        return new HookEvent(1, EventIds.forHook(session, hook.get("tool_use_id").asText(), "PostToolUse"), capturedAt, Instant.now(),
                HookEvent.Source.FORWARDER, WS, "PostToolUse", "Write", session, hook.get("tool_use_id").asText(), List.of(path), hook, null, null);
    }

    static HookEvent edit(String path, String original, String oldString, String newString, Instant capturedAt) {
        ObjectNode hook = JSON.createObjectNode();
        String session = UUID.randomUUID().toString();
        hook.put("session_id", session).put("cwd", WS).put("hook_event_name", "PostToolUse").put("tool_name", "Edit")
                .put("tool_use_id", "toolu_" + UUID.randomUUID());
        hook.putObject("tool_input").put("file_path", path).put("old_string", oldString).put("new_string", newString);
        if (original != null) {
            hook.putObject("tool_response").put("filePath", path).put("originalFile", original);
        }
        return new HookEvent(1, EventIds.forHook(session, hook.get("tool_use_id").asText(), "Edit"), capturedAt, Instant.now(),
                HookEvent.Source.HTTP_HOOK, WS, "PostToolUse", "Edit", session, hook.get("tool_use_id").asText(), List.of(path), hook, null, null);
    }

    static void publish(HookEvent... events) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (HookEvent e : events) {
                producer.send(new ProducerRecord<>(Topic.HOOK_EVENTS.topicName(), e.projectRoot(), EventJson.toBytes(e))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    static List<JsonNode> records(AirtableEmulatorProcess emulator, String table) {
        return records(emulator, AirtableEmulatorProcess.BASE_ID, table);
    }

    static List<JsonNode> records(AirtableEmulatorProcess emulator, String baseId, String table) {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(emulator.admin("GET", "bases/" + baseId + "/tables/" + table + "/records", null))
                    .path("records").forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> recordsWithKeyPrefix(AirtableEmulatorProcess emulator, String table, String prefix) {
        return records(emulator, table).stream().filter(r -> r.path("fields").path("Sync Key").asText("").startsWith(prefix)).toList();
    }

    static JsonNode stats(AirtableEmulatorProcess emulator) {
        try {
            return JSON.readTree(emulator.admin("GET", "stats", null)).path("bases").path(AirtableEmulatorProcess.BASE_ID);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Consumed(String key, Map<String, String> headers, byte[] value) {
    }

    static List<Consumed> readTopic(String topic) {
        return TopicRecords.readAll(bootstrap(), topic).stream().map(r -> new Consumed(r.key(), r.headers(), r.value())).toList();
    }

    static List<SyncResultEvent> results(String syncKeyPrefix) {
        return readTopic(Topic.SYNC_RESULTS.topicName()).stream().map(c -> EventJson.read(c.value(), SyncResultEvent.class))
                .filter(r -> r.syncKey() != null && r.syncKey().startsWith(syncKeyPrefix)).toList();
    }
}
