package dev.hookbus.ingest.rest;

import java.util.Map;

/** A rejection with its status, code and details; mapped to {@link ApiError}. */
public class IngestException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public IngestException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public static IngestException badRequest(String code, String message, Map<String, Object> details) {
        return new IngestException(400, code, message, details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
