package dev.hookbus.emulator.model;

/** An error answered the way Airtable answers it: status plus {@code {"error":{"type","message"}}}. */
public class AirtableException extends RuntimeException {
    private final int status;
    private final String type;

    public AirtableException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static AirtableException unprocessable(String type, String message) {
        return new AirtableException(422, type, message);
    }

    public static AirtableException notFoundModel() {
        return new AirtableException(403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
                "Invalid permissions, or the requested model was not found. Check that both your user and your token have the "
                        + "required permissions, and that the model names and/or ids are correct.");
    }

    public static AirtableException recordNotFound(String id) {
        return new AirtableException(404, "NOT_FOUND", "Could not find record " + id);
    }

    public static AirtableException invalidValue(String message) {
        return unprocessable("INVALID_VALUE_FOR_COLUMN", message);
    }
}
