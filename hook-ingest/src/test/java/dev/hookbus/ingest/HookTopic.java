package dev.hookbus.ingest;

import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.Topic;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads {@code hookbus.hook-events.v1} from the start, as a consumer would. */
final class HookTopic {
    record Published(String key, Map<String, String> headers, HookEvent event) {
    }

    private HookTopic() {
    }

    static List<Published> all() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return TopicRecords.readAll(bootstrap, Topic.HOOK_EVENTS.topicName()).stream()
                .map(r -> new Published(r.key(), r.headers(), EventJson.read(r.value(), HookEvent.class))).toList();
    }

    static List<Published> forSession(String sessionId) {
        return all().stream().filter(p -> sessionId.equals(p.event().sessionId())).toList();
    }
}
