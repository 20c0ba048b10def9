package dev.hookbus.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BaseRoutingTest {
    @Test
    void namedMarketplacesGoToTheirBaseAndTheRestToTheConfiguredOne() {
        BaseRouting routing = BaseRouting.parse("appDefault", " team-a = appA ,team-b=appB,team-c=appA");
        assertThat(routing.baseFor("team-a")).isEqualTo("appA");
        assertThat(routing.baseFor("team-b")).isEqualTo("appB");
        assertThat(routing.baseFor("team-c")).isEqualTo("appA");
        assertThat(routing.baseFor("team-d")).isEqualTo("appDefault");
        assertThat(routing.bases()).containsExactly("appDefault", "appA", "appB");
    }

    @Test
    void noMappingIsOneBase() {
        assertThat(BaseRouting.parse("appDefault", "").bases()).containsExactly("appDefault");
        assertThat(BaseRouting.parse("appDefault", null).baseFor("any")).isEqualTo("appDefault");
    }

    @Test
    void aMalformedMappingSaysWhichEntry() {
        assertThatThrownBy(() -> BaseRouting.parse("appDefault", "team-a=appA,team-b")).hasMessageContaining("'team-b'")
                .hasMessageContaining("AIRTABLE_MARKETPLACE_BASES");
        assertThatThrownBy(() -> BaseRouting.parse("appDefault", "team-a=")).hasMessageContaining("'team-a='");
        assertThatThrownBy(() -> BaseRouting.parse("appDefault", "team-a=appA,team-a=appB")).hasMessageContaining("'team-a' twice");
        assertThatThrownBy(() -> BaseRouting.parse(" ", "")).hasMessageContaining("AIRTABLE_BASE_ID");
    }
}
