package dev.hookbus.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of airtable-sync ({@code airtable.*}; AIRTABLE_API_URL, AIRTABLE_TOKEN, AIRTABLE_BASE_ID, …). */
@ConfigMapping(prefix = "airtable")
public interface SyncConfig {

    /** The Web API root: the local emulator by default, {@code https://api.airtable.com/v0} for the real one. */
    @WithDefault("http://127.0.0.1:8704/v0")
    String apiUrl();

    /** Personal access token (a secret: never logged). Required for the real Airtable. */
    Optional<String> token();

    /** The base that holds the catalog (of every marketplace that {@link #marketplaceBases()} does not name). */
    @WithDefault("appHookbusLocal01")
    String baseId();

    /**
     * A base per marketplace, {@code name=appX,other=appY} (by the marketplace's name, the first part of its sync keys);
     * the rest go to {@link #baseId()}. One deployment then writes several bases, each with its own budget, and its
     * replicas share the bases out (the writes topic is keyed by base).
     */
    Optional<String> marketplaceBases();

    /**
     * Airtable's second limit, requests per second for one token across all its bases (Airtable: 50): each base's
     * budget is the smaller of {@link #requestsPerSecond()} and this divided by the number of bases written, so the
     * replicas together stay under it without asking each other.
     */
    @WithDefault("48")
    double tokenRequestsPerSecond();

    /**
     * The base's one budget, shared by the writer and every other hookbus process of the base (they ask this replica
     * for tokens): Airtable allows 5/s; a little below keeps jittered arrivals inside its window.
     */
    @WithDefault("4.8")
    double requestsPerSecond();

    /**
     * Write requests to the base that may be in flight at once (1 to 5), each on its own token of the base's budget: at
     * Airtable's round trip (~250 ms) one at a time spends ~3.2 of the 5 requests/s (a burst measured 29 records/s), three
     * let a backlog go at the budget's pace (10 records every ~215 ms). The budget paces their arrivals, not their
     * answers; the first request after an idle spell counts late in its window, which kept the overlapping requests of
     * the burst and the two-replica tests free of 429s.
     */
    @WithDefault("3")
    int requestsInFlight();

    /** How long a 429 blocks every request to the base (Airtable: 30 s). */
    @WithDefault("PT30S")
    Duration rateLimitPenalty();

    /**
     * Ops commands issued longer ago than this are skipped: the ops consumer starts from the earliest offset (a command
     * sent while its group was still forming is not lost), and a new deployment must not replay last week's pause.
     */
    @WithDefault("PT10M")
    Duration opsMaxAge();

    /** Per-request timeout. */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** First backoff after a 5xx or network error (doubles, with jitter, up to maxBackoff). */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    @WithDefault("PT30S")
    Duration maxBackoff();

    /** Check the base's schema at startup and refuse to start when a table or field is missing or of the wrong type. */
    @WithDefault("true")
    boolean schemaCheck();

    /** Marketplace roots mapped to names: {@code /path/a=name-a,/path/b=name-b} (default: the directory's name). */
    Optional<String> marketplaceNames();
}
