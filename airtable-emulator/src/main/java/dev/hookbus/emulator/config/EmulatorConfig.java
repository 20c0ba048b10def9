package dev.hookbus.emulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the Airtable emulator ({@code emulator.*}, each overridable by environment variable). */
@ConfigMapping(prefix = "emulator")
public interface EmulatorConfig {

    /** Personal access tokens accepted with every scope (EMULATOR_TOKENS). */
    List<String> tokens();

    /** Tokens accepted for reads only: writes answer 403 INVALID_PERMISSIONS. */
    Optional<List<String>> readOnlyTokens();

    /**
     * Base schema files in the meta API's shape ({@code {"id","name","tables":[…]}}); the default is the "Claude
     * Plugins" base of ARCHITECTURE.md.
     */
    Optional<List<String>> schemaFiles();

    /**
     * Further bases with the default catalog layout, by id (AIRTABLE_EMULATOR_CATALOG_BASES=appA,appB): one token
     * writing several bases, as a team with one base per marketplace has them.
     */
    Optional<List<String>> catalogBases();

    /** Where records are persisted (written atomically after every change); absent = memory only. */
    Optional<String> dataFile();

    /** Rate limit per base. */
    RateLimit rateLimit();

    /** Latency added to every Web API request, the shortest (a realistic Airtable round trip: 150ms with latency-max 400ms). */
    @WithDefault("0s")
    Duration latency();

    /** The longest latency: each request waits a uniformly drawn time between latency and this (default: latency). */
    Optional<Duration> latencyMax();

    /** How long a list offset cursor stays valid. */
    @WithDefault("PT5M")
    Duration iteratorTtl();

    interface RateLimit {
        /** Requests allowed per window and base; one more answers 429. */
        @WithDefault("5")
        int maxRequests();

        /** The sliding window. */
        @WithDefault("PT1S")
        Duration window();

        /** After a 429, every request to the base fails for this long. */
        @WithDefault("PT30S")
        Duration penalty();

        /** Requests allowed per window and token across all bases (Airtable: 50/s); one more answers 429 for the token. */
        @WithDefault("50")
        int tokenMaxRequests();
    }
}
