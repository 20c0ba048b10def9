package dev.hookbus.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AirtableConnectionTest {

    @Test
    void withNothingSetItIsTheLocalEmulator() {
        AirtableConnection local = AirtableConnection.fromEnvironment(Map.<String, String>of()::get);
        assertThat(local.apiUrl()).isEqualTo("http://127.0.0.1:8704/v0");
        assertThat(local.baseId()).isEqualTo("appHookbusLocal01");
        assertThat(local.rateLimitPenalty()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRemoteUrlWithoutATokenFailsAtOnceSayingWhatToSet() {
        assertThatThrownBy(() -> AirtableConnection.fromEnvironment(Map.of("AIRTABLE_API_URL", "https://api.airtable.com/v0")::get))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set AIRTABLE_TOKEN");
    }

    @Test
    void aPenaltyThatIsNoNumberIsNamed() {
        assertThatThrownBy(() -> AirtableConnection.fromEnvironment(Map.of("AIRTABLE_RATE_LIMIT_PENALTY_MS", "30s")::get))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AIRTABLE_RATE_LIMIT_PENALTY_MS=30s");
    }

    @Test
    void theTokenIsNeverInItsText() {
        AirtableConnection remote = AirtableConnection.fromEnvironment(Map.of("AIRTABLE_API_URL", "https://api.airtable.com/v0",
                "AIRTABLE_TOKEN", "patSECRET.123", "AIRTABLE_BASE_ID", "appX")::get);
        assertThat(remote.baseId()).isEqualTo("appX");
        assertThat(remote.toString()).doesNotContain("patSECRET").contains("appX");
    }
}
