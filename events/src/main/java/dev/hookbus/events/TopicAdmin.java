package dev.hookbus.events;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics of {@link Topic} with their settings; an existing topic is left as it is. Devstack creates all of
 * them; each service ensures its own at startup, before it reports ready.
 */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    public static NewTopic newTopic(Topic topic, short replicationFactor) {
        return new NewTopic(topic.topicName(), topic.partitions(), replicationFactor).configs(topic.configs());
    }

    public static void ensureAll(Admin admin) {
        ensure(admin, Arrays.asList(Topic.values()), (short) 1);
    }

    /** Ensures the topics through a short-lived admin client on {@code bootstrapServers}. */
    public static void ensure(String bootstrapServers, Collection<Topic> topics, short replicationFactor) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            ensure(admin, topics, replicationFactor);
        }
    }

    public static void ensure(Admin admin, Collection<Topic> topics, short replicationFactor) {
        List<NewTopic> requested = topics.stream().map(t -> newTopic(t, replicationFactor)).toList();
        CreateTopicsResult result = admin.createTopics(requested);
        for (var entry : result.values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the broker did not create topic " + entry.getKey() + " within 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
    }
}
