package dev.hookbus.devstack;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The test resource behind {@link WithRestartableKafkaBroker}. */
public class RestartableKafkaTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithRestartableKafkaBroker> {
    private KafkaBrokerProcess broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new KafkaBrokerProcess(Files.createTempDirectory("hookbus-kafka-")).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker, new TestInjector.MatchesType(KafkaBrokerProcess.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
    }
}
