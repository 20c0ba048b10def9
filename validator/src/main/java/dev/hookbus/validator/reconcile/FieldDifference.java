package dev.hookbus.validator.reconcile;

/**
 * One field whose value in Airtable is not what the file says (a Stale record's evidence).
 *
 * @param field the Airtable field
 * @param airtable the record's value, or null when empty
 * @param file the value the file maps to, or null when empty
 */
public record FieldDifference(String field, String airtable, String file) {
    private static final int SHOWN = 60;

    /** {@code ~ Tools: "Read, Write" → (empty)}: values over 60 characters are cut and their length shown. */
    public String asPlanLine() {
        return "~ " + field + ": " + shown(airtable) + " \u2192 " + shown(file);
    }

    static String shown(String value) {
        if (value == null || value.isEmpty()) {
            return "(empty)";
        }
        String oneLine = value.replace("\n", "\\n");
        if (oneLine.length() <= SHOWN) {
            return "\"" + oneLine + "\"";
        }
        return "\"" + oneLine.substring(0, SHOWN) + "\u2026\" (" + value.length() + " chars)";
    }
}
