package dev.hookbus.events;

import java.util.Collection;
import java.util.List;

/**
 * Each service ensures its own topics at startup and is not ready before they exist. Services wrap this in a
 * readiness check; a broker that is down leaves it not ready (and retried on the next check), never crashed.
 */
public final class TopicsReadiness {
    private final String bootstrapServers;
    private final List<Topic> topics;
    private final short replicationFactor;
    private volatile boolean ensured;
    private volatile String lastProblem = "not checked yet";

    public TopicsReadiness(String bootstrapServers, Collection<Topic> topics, short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.replicationFactor = replicationFactor;
    }

    /** Ensures the topics unless done before; true when they exist. */
    public synchronized boolean ensure() {
        if (!ensured) {
            try {
                TopicAdmin.ensure(bootstrapServers, topics, replicationFactor);
                ensured = true;
                lastProblem = null;
            } catch (RuntimeException e) {
                lastProblem = e.getMessage();
            }
        }
        return ensured;
    }

    public boolean isEnsured() {
        return ensured;
    }

    /** Why the topics are not ensured, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    public List<Topic> topics() {
        return topics;
    }
}
