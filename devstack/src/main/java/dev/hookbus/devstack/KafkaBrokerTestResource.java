package dev.hookbus.devstack;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import io.quarkus.test.kafka.KafkaCompanionResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.HashMap;
import java.util.Map;

/**
 * The Quarkus test resource behind {@link WithKafkaBroker}. Quarkus' own {@link KafkaCompanionResource} starts a
 * container when Dev Services are off, which cannot work without Docker; this one uses {@link EmbeddedKafka}.
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithKafkaBroker> {
    private KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        EmbeddedKafka broker = EmbeddedKafka.shared();
        companion = new KafkaCompanion(broker.bootstrapServers());
        return new HashMap<>(broker.quarkusConfig());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(companion, new TestInjector.MatchesType(KafkaCompanion.class));
    }

    @Override
    public void stop() {
        // the broker lives for the whole JVM; only the companion belongs to this test class
        if (companion != null) {
            companion.close();
        }
    }
}
