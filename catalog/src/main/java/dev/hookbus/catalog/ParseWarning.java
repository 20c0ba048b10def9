package dev.hookbus.catalog;

/**
 * A problem the parser recovered from. It never makes a component Invalid.
 *
 * @param code a stable name ({@code NOT_YAML}, {@code NO_CLOSING_DELIMITER}, {@code MISSING_FIELD}, …)
 * @param line 1-based line in the file, 0 when it concerns the whole file
 * @param message a human sentence
 */
public record ParseWarning(String code, int line, String message) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + message + " [" + code + "]";
    }
}
