package dev.hookbus.airtable;

import java.time.Duration;

/**
 * A base's request budget, as every caller of Airtable sees it: wait for a token before each request, and after a 429
 * stop every request to the base for the penalty. {@link LocalRateBudget} spaces tokens in this process; a budget
 * granted by the base's owner (airtable-sync) lets other processes share one budget with the writer.
 */
public interface RateBudget {
    /** Waits for the next token. */
    void acquire() throws InterruptedException;

    /** After a 429: no request for {@code penalty}. */
    void penalize(Duration penalty);

    boolean isPenalized();

    /** How long until the next token would be free (for status reports). */
    Duration waitEstimate();

    /** Tokens spaced in this process: at most {@code requestsPerSecond} in any second from here. */
    static RateBudget local(double requestsPerSecond) {
        return new LocalRateBudget(requestsPerSecond);
    }
}
