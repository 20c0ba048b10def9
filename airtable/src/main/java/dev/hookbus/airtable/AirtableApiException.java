package dev.hookbus.airtable;

/**
 * A failed call to the Airtable Web API, typed so callers decide without parsing: {@link Kind#RATE_LIMITED} (429: no
 * request to that base for 30 s), {@link Kind#RETRYABLE} (5xx, network: back off and retry), {@link Kind#AUTH}
 * (401/403: configuration), {@link Kind#REJECTED} (other 4xx: the request's data is wrong). Messages never contain the
 * token.
 */
public class AirtableApiException extends RuntimeException {
    public enum Kind {
        RATE_LIMITED,
        RETRYABLE,
        AUTH,
        REJECTED
    }

    private final Kind kind;
    private final int status;
    private final String errorType;

    public AirtableApiException(Kind kind, int status, String errorType, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
    }

    public static AirtableApiException fromStatus(int status, String errorType, String message) {
        Kind kind = status == 429 ? Kind.RATE_LIMITED
                : status >= 500 ? Kind.RETRYABLE
                : status == 401 || status == 403 ? Kind.AUTH
                : Kind.REJECTED;
        return new AirtableApiException(kind, status, errorType, message);
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, 0 for network failures. */
    public int status() {
        return status;
    }

    /** Airtable's error type ({@code INVALID_MULTIPLE_CHOICE_OPTIONS}, …), or null. */
    public String errorType() {
        return errorType;
    }
}
