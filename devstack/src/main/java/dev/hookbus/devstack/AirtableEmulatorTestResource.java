package dev.hookbus.devstack;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The test resource behind {@link WithAirtableEmulator}. */
public class AirtableEmulatorTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithAirtableEmulator> {
    private Duration penalty = Duration.ofSeconds(30);
    private List<String> catalogBases = List.of();
    private AirtableEmulatorProcess emulator;

    @Override
    public void init(WithAirtableEmulator annotation) {
        penalty = Duration.ofSeconds(annotation.penaltySeconds());
        catalogBases = List.of(annotation.catalogBases());
    }

    @Override
    public Map<String, String> start() {
        try {
            emulator = new AirtableEmulatorProcess(Files.createTempDirectory("hookbus-emulator-"), penalty, catalogBases).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("airtable.api-url", emulator.apiUrl(), "airtable.token", AirtableEmulatorProcess.TOKEN,
                "airtable.base-id", AirtableEmulatorProcess.BASE_ID);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator, new TestInjector.MatchesType(AirtableEmulatorProcess.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
