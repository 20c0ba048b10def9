package dev.hookbus.airtable;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where a hookbus process reaches Airtable, which base and with which token: read the same way by every client of a
 * base (airtable-sync, the validator service and CLI, the schema command). Without a token the local emulator's is
 * used, and only for a loopback URL: anything else fails here, at startup, with what to set.
 */
public final class AirtableConnection {
    public static final String LOCAL_API_URL = "http://127.0.0.1:8704/v0";
    public static final String LOCAL_BASE_ID = "appHookbusLocal01";
    public static final Duration DEFAULT_PENALTY = Duration.ofSeconds(30);

    private final String apiUrl;
    private final String baseId;
    private final String token;
    private final Duration rateLimitPenalty;

    private AirtableConnection(String apiUrl, String baseId, String token, Duration rateLimitPenalty) {
        this.apiUrl = apiUrl;
        this.baseId = baseId;
        this.token = token;
        this.rateLimitPenalty = rateLimitPenalty;
    }

    /** {@code configuredToken} may be null or blank: see the class comment. */
    public static AirtableConnection of(String apiUrl, String baseId, String configuredToken, Duration rateLimitPenalty) {
        return new AirtableConnection(apiUrl, baseId, AirtableClient.resolveToken(apiUrl, configuredToken), rateLimitPenalty);
    }

    /** From environment variables ({@code AIRTABLE_API_URL}, {@code AIRTABLE_BASE_ID}, {@code AIRTABLE_TOKEN}, {@code AIRTABLE_RATE_LIMIT_PENALTY_MS}). */
    public static AirtableConnection fromEnvironment(Function<String, String> env) {
        Settings settings = new Settings(env);
        String penalty = settings.setting("AIRTABLE_RATE_LIMIT_PENALTY_MS", Long.toString(DEFAULT_PENALTY.toMillis()));
        Duration penaltyDuration;
        try {
            penaltyDuration = Duration.ofMillis(Long.parseLong(penalty));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("AIRTABLE_RATE_LIMIT_PENALTY_MS=" + penalty + " is not a number of milliseconds");
        }
        return of(settings.setting("AIRTABLE_API_URL", LOCAL_API_URL), settings.setting("AIRTABLE_BASE_ID", LOCAL_BASE_ID),
                env.apply("AIRTABLE_TOKEN"), penaltyDuration);
    }

    public AirtableClient client(Duration requestTimeout) {
        return new AirtableClient(apiUrl, () -> token, rateLimitPenalty, requestTimeout);
    }

    /** For a command a person watches: a 429 (whoever caused it) costs time, never the command; {@code say} is told the wait. */
    public AirtableClient waitingClient(Duration requestTimeout, Consumer<String> say) {
        return client(requestTimeout).waitingOutRateLimits(
                wait -> say.accept("Airtable rate limit: waiting " + Math.max(1, Math.round(wait.toMillis() / 1000.0)) + " s"));
    }

    public String apiUrl() {
        return apiUrl;
    }

    public String baseId() {
        return baseId;
    }

    public Duration rateLimitPenalty() {
        return rateLimitPenalty;
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "Airtable " + apiUrl + " base " + baseId;
    }

    private record Settings(Function<String, String> env) {
        String setting(String name, String fallback) {
            String value = env.apply(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }
    }
}
