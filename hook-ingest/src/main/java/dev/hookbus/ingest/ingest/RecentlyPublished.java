package dev.hookbus.ingest.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Event ids and idempotency keys published within a bounded window (time and count), so that a retried http hook or
 * a replayed spool entry is acknowledged without a second record. A publish in flight is shared: the second request
 * waits for the first's outcome; a failed publish is forgotten so a retry can publish.
 */
public final class RecentlyPublished {
    private record Entry(CompletableFuture<Void> outcome, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final Duration window;
    private final int capacity;
    private final Clock clock;

    public RecentlyPublished(Duration window, int capacity, Clock clock) {
        this.window = window;
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * Claims the keys for a new publish. Returns null when the caller must publish (and then call {@link #succeeded}
     * or {@link #failed}); otherwise the outcome of the earlier publish of the same event.
     */
    public CompletableFuture<Void> claim(String... keys) {
        long now = clock.millis();
        evict(now);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        Entry entry = new Entry(mine, now + window.toMillis());
        for (String key : keys) {
            if (key == null) {
                continue;
            }
            Entry existing = entries.putIfAbsent(key, entry);
            if (existing != null && existing.outcome() != mine) {
                if (existing.expiresAtMillis() < now) {
                    entries.replace(key, existing, entry);
                    order.add(key);
                    continue;
                }
                release(mine, keys);
                return existing.outcome();
            }
            order.add(key);
        }
        return null;
    }

    public void succeeded(String... keys) {
        for (String key : keys) {
            Entry e = key == null ? null : entries.get(key);
            if (e != null) {
                e.outcome().complete(null);
            }
        }
    }

    public void failed(Throwable cause, String... keys) {
        for (String key : keys) {
            Entry e = key == null ? null : entries.remove(key);
            if (e != null) {
                e.outcome().completeExceptionally(cause);
            }
        }
    }

    private void release(CompletableFuture<Void> mine, String... keys) {
        for (String key : keys) {
            if (key != null) {
                entries.computeIfPresent(key, (k, e) -> e.outcome() == mine ? null : e);
            }
        }
    }

    private void evict(long now) {
        while (entries.size() > capacity) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            entries.remove(oldest);
        }
        for (int i = 0; i < 16; i++) {
            String head = order.peek();
            if (head == null) {
                return;
            }
            Entry e = entries.get(head);
            if (e == null) {
                order.poll();
            } else if (e.expiresAtMillis() < now && e.outcome().isDone()) {
                order.poll();
                entries.remove(head, e);
            } else {
                return;
            }
        }
    }

    public int size() {
        return entries.size();
    }
}
