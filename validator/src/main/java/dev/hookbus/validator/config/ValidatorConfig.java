package dev.hookbus.validator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the validator service ({@code validator.*}; roots from HOOKBUS_ROOTS). */
@ConfigMapping(prefix = "validator")
public interface ValidatorConfig {

    /** Directories scanned for marketplaces. Without any, passes report nothing and say so. */
    Optional<List<String>> roots();

    /** The budget of its own when no airtable-sync owns the base (otherwise every request takes a token from the owner). */
    @WithDefault("1")
    double requestsPerSecond();

    /** airtable-sync, the owner of the base's one request budget (HOOKBUS_SYNC_URL); several replicas' URLs separated by commas. */
    @WithDefault("http://127.0.0.1:8701")
    String syncUrl();

    /**
     * Ops commands issued longer ago than this are skipped: the ops consumer starts from the earliest offset, and a new
     * deployment must not replay an old {@code reconcile prune}.
     */
    @WithDefault("PT10M")
    Duration opsMaxAge();

    /** Whether scheduled passes publish repairs. */
    @WithDefault("true")
    boolean autoSyncOnSchedule();

    /** The scheduled pass. */
    Schedule schedule();

    interface Schedule {
        /** How often one replica runs a pass ({@code 15m}; {@code off} disables it). */
        @WithDefault("15m")
        String every();

        /** Delay of the first scheduled pass after startup. */
        @WithDefault("30s")
        String delay();
    }

    /** Marketplace roots mapped to names: {@code /path/a=name-a} (default: the directory's name). */
    Optional<String> marketplaceNames();

    /**
     * airtable-sync's base per marketplace ({@code name=appX,…}): a pass checks only the marketplaces routed to this
     * validator's base (the rest to {@code AIRTABLE_BASE_ID}), so one validator per base shares the same roots.
     */
    Optional<String> marketplaceBases();
}
