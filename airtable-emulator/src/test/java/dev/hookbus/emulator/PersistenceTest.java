package dev.hookbus.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.emulator.model.AirtableStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private AirtableStore open(Path file) {
        return new AirtableStore(json, Clock.systemUTC(), Duration.ofMinutes(1), Optional.of(file),
                List.of(AirtableStore.defaultSchema(json)));
    }

    @Test
    void recordsSchemaChangesAndLinksSurviveARestart() throws Exception {
        Path file = dir.resolve("data/emulator.json");
        AirtableStore first = open(file);
        String plugin = first.create("appHookbusLocal01", "Plugins", json.readTree("{\"records\":[{\"fields\":{\"Name\":\"p\"}}]}"))
                .path("records").get(0).path("id").asText();
        first.create("appHookbusLocal01", "Agents", json.readTree("{\"typecast\":true,\"records\":[{\"fields\":{\"Agent Name\":\"a\","
                + "\"Color\":\"magenta\",\"Plugin\":[\"" + plugin + "\"]}}]}"));
        assertThat(file).exists();
        assertThat(Files.list(file.getParent())).hasSize(1); // no temp file left behind

        AirtableStore second = open(file);
        JsonNode agents = second.list("appHookbusLocal01", "Agents", new AirtableStore.ListParams(null, null, null, List.of(), null,
                List.of(), false));
        assertThat(agents.path("records")).hasSize(1);
        JsonNode fields = agents.path("records").get(0).path("fields");
        assertThat(fields.path("Plugin").get(0).asText()).isEqualTo(plugin);
        // the option typecast added is still an option: no typecast needed now
        second.create("appHookbusLocal01", "Agents", json.readTree("{\"records\":[{\"fields\":{\"Color\":\"magenta\"}}]}"));
        assertThat(open(file).list("appHookbusLocal01", "Agents", new AirtableStore.ListParams(null, null, null, List.of(), null,
                List.of(), false)).path("records")).hasSize(2);
    }
}
