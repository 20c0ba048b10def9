package dev.hookbus.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of hook-ingest ({@code ingest.*}, each overridable by environment variable, e.g. INGEST_PUBLISH_TIMEOUT; its bearer tokens are the kit's hookbus.http.tokens, from INGEST_TOKENS). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Largest hook JSON accepted; larger answers 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Largest snapshot part accepted from the forwarder (ARCHITECTURE.md: files over 1 MiB are Invalid anyway). */
    @WithDefault("1048576")
    int maxSnapshotBytes();

    /** Deepest JSON nesting accepted. */
    @WithDefault("64")
    int maxNestingDepth();

    /** How long to wait for Kafka's acknowledgement before answering 503. */
    @WithDefault("PT2S")
    Duration publishTimeout();

    /** Retry-After (seconds) sent with 503. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** How long a published event id or idempotency key is remembered, so a repeat is acknowledged without a second record. */
    @WithDefault("PT15M")
    Duration duplicateWindow();

    /** Turns on {@code /bench/bare}, the benchmark's yardstick (never in production). */
    @WithDefault("false")
    boolean benchEndpoint();

    /** How many ids are remembered at most (oldest forgotten first). */
    @WithDefault("200000")
    int duplicateCapacity();
}
