package dev.hookbus.tilt.support;

import static dev.hookbus.tilt.support.FakeTilt.build;
import static dev.hookbus.tilt.support.FakeTilt.resource;

import dev.hookbus.tilt.support.FakeTilt.Build;
import dev.hookbus.tilt.support.FakeTilt.Resource;
import dev.hookbus.tilt.support.FakeTilt.Scenario;

/** The citadel stack as the fake Tilt plays it: real texts, an old green history, a lagging API server. */
public final class CitadelScenarios {
    public static final String SERVER_RUNNING = "     Running `target/debug/citadel-workspace-server-kernel --config /usr/src/app/kernel.toml`";
    public static final String INTERNAL_RUNNING = "     Running `target/debug/citadel-workspace-internal-service --bind 0.0.0.0:12345`";

    private CitadelScenarios() {
    }

    public static Build wasmOk() {
        return build().duration(0.3).lines("Building WASM client with wasm-pack", "Found 0 errors. Watching for file changes.",
                "WASM client synchronization complete!");
    }

    public static Build serverOk() {
        return build().duration(0.3).lines("Building Dockerfile: [citadel-workspace-server]", "0 errors, 0 warnings")
                .runtime("   Compiling citadel-workspace-server-kernel v0.1.0 (/usr/src/app/citadel-workspace-server-kernel)",
                        "    Finished `dev` profile [unoptimized + debuginfo] target(s) in 4.21s", SERVER_RUNNING)
                .runtimeDelay(0.3);
    }

    public static Build internalOk() {
        return build().duration(0.3).lines("Building Dockerfile: [citadel-internal-service]")
                .runtime("   Compiling citadel-workspace-internal-service v0.1.0", INTERNAL_RUNNING).runtimeDelay(0.2);
    }

    public static Build uiOk() {
        return build().duration(0.2).lines("Running cmd: npm run dev")
                .runtime("  VITE v5.4.2  ready in 312 ms", "  \u279c  Local:   http://localhost:5173/").runtimeDelay(0.1);
    }

    /** Every resource builds green; history holds an older FAILED wasm build with error lines and old Ready lines. */
    public static Scenario allGreen() {
        return FakeTilt.scenario().statusLag(0.3)
                .resource("sync-wasm-client", wasm().builds(wasmOk()))
                .resource("server", server().builds(serverOk()))
                .resource("internal-service", internal().builds(internalOk()))
                .resource("ui", ui().builds(uiOk()));
    }

    public static Resource wasm() {
        return resource().history(build().fails("exit status 2").lines("error TS2304: Cannot find name 'WorkspaceClient'."));
    }

    public static Resource server() {
        return resource().history(build().lines("Initial Build").runtime(SERVER_RUNNING));
    }

    public static Resource internal() {
        return resource().history(build().lines("Initial Build").runtime(INTERNAL_RUNNING));
    }

    public static Resource ui() {
        return resource().history(build().lines("Initial Build").runtime("  VITE v5.4.2  ready in 280 ms"));
    }
}
