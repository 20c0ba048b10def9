package dev.hookbus.sync.messaging;

/**
 * How many intents the writer holds that are read and not yet answered; a batch that would pass the bound waits (one
 * batch always goes, however large). A reset (the partitions moved, the writers were closed) starts a new generation:
 * what the closed writers held no longer counts.
 */
final class PipelineCapacity {
    private final int bound;
    private int held;
    private long generation;

    PipelineCapacity(int bound) {
        this.bound = bound;
    }

    /** Waits for room for {@code intents}, takes it, and returns the generation to give it back to. */
    synchronized long take(int intents) throws InterruptedException {
        while (held > 0 && held + intents > bound) {
            wait();
        }
        held += intents;
        return generation;
    }

    synchronized void give(int intents, long takenIn) {
        if (takenIn == generation) {
            held -= intents;
        }
        notifyAll();
    }

    synchronized void reset() {
        generation++;
        held = 0;
        notifyAll();
    }
}
