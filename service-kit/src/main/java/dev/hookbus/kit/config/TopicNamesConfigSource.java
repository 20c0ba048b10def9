package dev.hookbus.kit.config;

import dev.hookbus.events.Topic;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The topic table as configuration: {@code hookbus.topic.hook-events=hookbus.hook-events.v1} and so on for every
 * {@link Topic}, so channel properties say {@code ${hookbus.topic.hook-events}} and no topic name is typed twice.
 * Lowest but one ordinal: application.properties and the environment can still point a channel elsewhere.
 */
public class TopicNamesConfigSource implements ConfigSource {
    public static final String PREFIX = "hookbus.topic.";

    private final Map<String, String> names = new LinkedHashMap<>();

    public TopicNamesConfigSource() {
        for (Topic topic : Topic.values()) {
            names.put(propertyOf(topic), topic.topicName());
        }
    }

    public static String propertyOf(Topic topic) {
        return PREFIX + topic.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public Set<String> getPropertyNames() {
        return names.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return names.get(propertyName);
    }

    @Override
    public String getName() {
        return "hookbus topic table";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
