package dev.hookbus.sync.budget;

import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.LocalRateBudget;
import dev.hookbus.airtable.RateBudget;
import java.time.Duration;
import dev.hookbus.events.Topic;
import dev.hookbus.sync.config.SyncConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The one budget of each base this replica owns: the holder of the base's partition of the writes topic (keyed by base
 * id) owns it. The writer and every other hookbus process of the base (validator, CLI, schema command, through
 * {@code POST /api/budget/{base}/permit}) take their tokens from it, in the order they ask. There is one budget object per
 * base in the process for its whole life (a batch still being written across a rebalance, the startup's schema check
 * and the ledger's listing all see each other's tokens); when partitions are assigned it holds its tokens for a second,
 * so the previous owner's requests have left Airtable's window.
 */
@ApplicationScoped
public class BaseBudgets {
    private final Map<String, LocalRateBudget> budgets = new ConcurrentHashMap<>();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.CountDownLatch firstAssignment = new java.util.concurrent.CountDownLatch(1);
    private final double requestsPerSecond;

    public BaseBudgets(SyncConfig config, BaseRouting routing) {
        // Airtable's limit per token, shared evenly by the bases: no replica needs to know what the others send
        this.requestsPerSecond = Math.min(config.requestsPerSecond(), config.tokenRequestsPerSecond() / routing.bases().size());
    }

    /** Each base's budget, requests per second. */
    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    /**
     * Travel time allowed for a token granted to another process before its request reaches Airtable: the grant's
     * answer, the other JVM waking up, its own request. 150 ms drew one 429 in 62 requests when CI's heavier suites ran
     * beside {@code bin/hookbus up ROOT} plus the validator CLI, and 300 ms one in 47 on a later CI run of the same test
     * (the CLI is a fresh JVM: its first requests are cold). A remote token counts this much later in the window and
     * delays the token after it by as much; the CLI's listing of six tables takes ~1 s longer for it.
     */
    static final Duration REMOTE_TRAVEL = Duration.ofMillis(500);

    public RateBudget of(String baseId) {
        return local(baseId);
    }

    private LocalRateBudget local(String baseId) {
        return budgets.computeIfAbsent(baseId, b -> new LocalRateBudget(requestsPerSecond));
    }

    /** No token of the base for a second from now (see {@link LocalRateBudget#holdOneSecond()}). */
    public void holdOneSecond(String baseId) {
        local(baseId).holdOneSecond();
    }

    /** A token for another process: its request arrives later than a local one, so the next token waits a little more. */
    public void grantRemote(String baseId) throws InterruptedException {
        local(baseId).acquire(REMOTE_TRAVEL);
    }

    /** Whether this replica writes the base now. */
    public boolean owns(String baseId) {
        return owned.contains(partitionOf(baseId));
    }

    public void assigned(Collection<TopicPartition> partitions) {
        partitions.stream().filter(p -> p.topic().equals(Topic.AIRTABLE_WRITES.topicName())).forEach(p -> owned.add(p.partition()));
        budgets.values().forEach(LocalRateBudget::holdOneSecond);
        firstAssignment.countDown();
    }

    /** Waits until the writes topic's partitions were assigned once (so {@link #owns} tells the truth); false after {@code patience}. */
    public boolean awaitFirstAssignment(Duration patience) throws InterruptedException {
        return firstAssignment.await(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public void revoked(Collection<TopicPartition> partitions) {
        partitions.stream().filter(p -> p.topic().equals(Topic.AIRTABLE_WRITES.topicName())).forEach(p -> owned.remove(p.partition()));
    }

    /** The writes topic's partition of a base, as Kafka's default partitioner places its key. */
    public static int partitionOf(String baseId) {
        return Utils.toPositive(Utils.murmur2(baseId.getBytes(StandardCharsets.UTF_8))) % Topic.AIRTABLE_WRITES.partitions();
    }
}
