package dev.hookbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookbus.devstack.AirtableEmulatorProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the emulator holds, read through its admin API. */
final class Emulated {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Emulated() {
    }

    static List<JsonNode> records(AirtableEmulatorProcess emulator, String table) {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(emulator.admin("GET", "bases/" + AirtableEmulatorProcess.BASE_ID + "/tables/" + table + "/records", null))
                    .path("records").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
