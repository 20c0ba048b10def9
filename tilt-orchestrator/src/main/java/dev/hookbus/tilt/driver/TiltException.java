package dev.hookbus.tilt.driver;

/** What the {@code tilt} CLI said when it did not do what was asked. */
public class TiltException extends Exception {
    public enum Kind {
        /** no Tilt on that port: {@code No tilt apiserver found}, {@code Could not connect to Tilt} */
        UNREACHABLE,
        /** {@code (404): resource "x" does not exist}, {@code uiresources.tilt.dev "x" not found} */
        UNKNOWN_RESOURCE,
        /** {@code resource "x" is currently disabled} */
        DISABLED,
        /** anything else: a crash, an unexpected answer, no answer in time */
        FAILED
    }

    private final Kind kind;

    public TiltException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Classifies the CLI's own words (FACTS-TILT.md); the texts are stable across v0.33–v0.37. */
    static Kind classify(String output) {
        if (output.contains("No tilt apiserver found") || output.contains("Could not connect to Tilt")
                || output.contains("connection refused")) {
            return Kind.UNREACHABLE;
        }
        if (output.contains("is currently disabled")) {
            return Kind.DISABLED;
        }
        if (output.contains("(404)") || output.contains("does not exist") || output.contains("(NotFound)")) {
            return Kind.UNKNOWN_RESOURCE;
        }
        return Kind.FAILED;
    }
}
