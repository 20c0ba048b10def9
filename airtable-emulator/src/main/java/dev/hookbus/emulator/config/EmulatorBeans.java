package dev.hookbus.emulator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.emulator.model.AirtableStore;
import dev.hookbus.emulator.model.RequestGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Builds the store and the gate from {@link EmulatorConfig}. */
public class EmulatorBeans {
    private static final Logger LOG = Logger.getLogger(EmulatorBeans.class);

    @Produces
    @ApplicationScoped
    AirtableStore store(EmulatorConfig config, ObjectMapper json) {
        List<JsonNode> schemas = new ArrayList<>();
        if (config.schemaFiles().isEmpty() || config.schemaFiles().get().isEmpty()) {
            schemas.add(AirtableStore.defaultSchema(json));
        } else {
            for (String file : config.schemaFiles().get()) {
                try {
                    schemas.add(json.readTree(Path.of(file).toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException("emulator.schema-files: cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        for (String baseId : config.catalogBases().orElse(List.of())) {
            if (!baseId.isBlank()) {
                ObjectNode copy = (ObjectNode) AirtableStore.defaultSchema(json);
                copy.put("id", baseId.strip()).put("name", "Claude Plugins " + baseId.strip());
                schemas.add(copy);
            }
        }
        AirtableStore store = new AirtableStore(json, Clock.systemUTC(), config.iteratorTtl(), config.dataFile().map(Path::of), schemas);
        LOG.infof("Airtable emulator bases: %s%s", store.baseIds(),
                config.dataFile().map(f -> " (persisted to " + f + ")").orElse(" (in memory)"));
        return store;
    }

    @Produces
    @ApplicationScoped
    RequestGate gate(EmulatorConfig config) {
        RequestGate gate = new RequestGate(config.tokens(), config.readOnlyTokens().orElse(List.of()),
                new RequestGate.RateLimitSettings(config.rateLimit().maxRequests(), config.rateLimit().window(),
                        config.rateLimit().penalty(), config.rateLimit().tokenMaxRequests()), Clock.systemUTC());
        if (!config.latency().isZero() || config.latencyMax().isPresent()) {
            gate.setBaseline(RequestGate.Faults.latency(config.latency(), config.latencyMax().orElse(config.latency())));
        }
        return gate;
    }
}
