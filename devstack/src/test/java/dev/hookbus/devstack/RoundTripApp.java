package dev.hookbus.devstack;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The test application of {@link ChannelRoundTripTest}. */
@ApplicationScoped
public class RoundTripApp {
    @Inject
    @Channel("ops-out")
    MutinyEmitter<String> emitter;

    private final List<String> received = new CopyOnWriteArrayList<>();

    public void send(org.eclipse.microprofile.reactive.messaging.Message<String> message) {
        emitter.sendMessageAndAwait(message);
    }

    public List<String> received() {
        return received;
    }

    @Incoming("ops-in")
    public void receive(String payload) {
        received.add(payload);
    }
}
