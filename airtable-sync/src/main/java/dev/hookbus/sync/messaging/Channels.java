package dev.hookbus.sync.messaging;

/** Channel names of airtable-sync (shared with tests). */
public final class Channels {
    public static final String HOOK_EVENTS = "hook-events";
    public static final String COMPONENT_REPAIRS = "component-repairs";
    public static final String WRITES_IN = "writes-in";
    public static final String WRITES_OUT = "writes-out";
    public static final String RESULTS = "sync-results";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String UNREADABLE = "unreadable";
    public static final String OPS = "ops";

    public static final String DLQ_HTTP_STATUS = "hookbus-dlq-http-status";
    public static final String DLQ_ERROR_TYPE = "hookbus-dlq-airtable-error-type";
    public static final String DLQ_SYNC_KEY = "hookbus-dlq-sync-key";
    public static final String DLQ_SOURCE_OFFSET = "hookbus-dlq-source-offset";

    private Channels() {
    }
}
