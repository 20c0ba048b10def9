package dev.hookbus.kit.rest;

import java.util.Map;

/** A refusal with its status, code and details; leaves as {@link ApiError} (see {@link ApiErrorMappers}). */
public class ApiException extends RuntimeException {
    /** A detail that becomes the {@code Retry-After} header (seconds) of a 503 or 429. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        // a refusal is expected: no stack trace to fill
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public static ApiException badRequest(String code, String message, Map<String, Object> details) {
        return new ApiException(400, code, message, details);
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
