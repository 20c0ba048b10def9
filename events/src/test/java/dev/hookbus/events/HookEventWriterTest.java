package dev.hookbus.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HookEventWriterTest {
    private final Random random = new Random(11);

    /** The oracle is Jackson's own record serializer, through the generic {@code toBytes(Object)}. */
    @Test
    void writesTheSameBytesAsTheMappersRecordSerializer() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        for (int n = 0; n < 3000; n++) {
            String hookText = "{\"session_id\":" + plain.writeValueAsString(text()) + ",\"n\":" + n + ",\"tool_input\":{\"file_path\":\"/a/b.md\"}}";
            byte[] hookBytes = ("  " + hookText + " ").getBytes(StandardCharsets.UTF_8);
            JsonNode hook = switch (n % 3) {
                case 0 -> RawJson.node(hookBytes, 2, hookText.getBytes(StandardCharsets.UTF_8).length);
                case 1 -> plain.readTree(hookText);
                default -> null;
            };
            List<String> paths = new ArrayList<>();
            for (int p = random.nextInt(3); p > 0; p--) {
                paths.add("/ws/" + text());
            }
            FileSnapshot snapshot = n % 4 == 0 ? new FileSnapshot("/ws/a.md", text(), "ab12") : null;
            HookEvent event = new HookEvent(HookEvent.SCHEMA_VERSION, maybe(text()), n % 2 == 0 ? null : Instant.ofEpochMilli(random.nextLong() >>> 20),
                    n % 7 == 0 ? null : Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000)),
                    HookEvent.Source.values()[n % 3], maybe(text()), maybe(text()), maybe(text()), maybe(text()), maybe(text()), paths, hook,
                    snapshot, maybe(text()));
            assertThat(new String(EventJson.toBytes(event), StandardCharsets.UTF_8))
                    .isEqualTo(new String(EventJson.toBytes((Object) event), StandardCharsets.UTF_8));
        }
    }

    private String maybe(String value) {
        return random.nextInt(5) == 0 ? null : value;
    }

    private String text() {
        StringBuilder out = new StringBuilder();
        for (int c = random.nextInt(30); c > 0; c--) {
            int kind = random.nextInt(6);
            out.appendCodePoint(kind == 0 ? random.nextInt(0x20) : kind == 1 ? 0x80 + random.nextInt(0x3000) : kind == 2 ? 0x1F600 + random.nextInt(50)
                    : 0x20 + random.nextInt(0x5f));
        }
        return out.toString();
    }
}
