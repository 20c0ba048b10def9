package dev.hookbus.tilt.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** tilt-orchestrator's settings ({@code tilt.*}); each has an environment variable in application.properties. */
@ConfigMapping(prefix = "tilt")
public interface TiltConfig {

    /** Directory of pipeline YAML files (HOOKBUS_PIPELINES). A missing directory or a bad file stops startup. */
    String pipelinesDir();

    /** The tilt executable, a name on PATH or a path (TILT_BIN). */
    @WithDefault("tilt")
    String binary();

    /** Tilt's port, passed to every CLI call as --port (TILT_PORT); absent: the CLI's default, 10350. */
    Optional<Integer> port();

    /** How often a running step asks Tilt for the resource's status and logs. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How long one tilt CLI call may take. */
    @WithDefault("30s")
    Duration commandTimeout();

    /** How many finished runs the service keeps for REST. */
    @WithDefault("200")
    int keepRuns();

    /** Ops commands issued longer ago than this are skipped (a new replica must not replay yesterday's tilt.run). */
    @WithDefault("10m")
    Duration opsMaxAge();

    /** The plugin's Stop hook: the longest it waits for a running run before letting the agent stop. */
    @WithDefault("10m")
    Duration stopHookWait();
}
