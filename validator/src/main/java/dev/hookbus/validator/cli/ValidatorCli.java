package dev.hookbus.validator.cli;

import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.AirtableConnection;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.OwnerRateBudget;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.events.ComponentRepairEvent;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.SyncResultEvent;
import dev.hookbus.events.Topic;
import dev.hookbus.validator.reconcile.Reconciler;
import dev.hookbus.validator.reconcile.RepairPlanner;
import dev.hookbus.validator.reconcile.Report;
import dev.hookbus.validator.reconcile.ReportFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code validator check [--auto-sync] [--prune] [--wait] [--wait-timeout SECONDS] [--format text|json] <roots…>}.
 * Exit 0 in sync, 2 drift, 1 error (one clear line on stderr). With {@code --wait} the exit code is the re-check's.
 * The validator never writes to Airtable: repairs go to airtable-sync through Kafka.
 */
public final class ValidatorCli {
    public static final int IN_SYNC = 0;
    public static final int ERROR = 1;
    public static final int DRIFT = 2;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public ValidatorCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ValidatorCli(System.getenv(), System.out, System.err).run(args));
    }

    private record Options(boolean autoSync, boolean prune, boolean waitForResults, Duration waitTimeout, String format, List<Path> roots) {
    }

    public int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("validator: " + e.getMessage());
            err.println("usage: validator check [--auto-sync] [--prune] [--wait] [--wait-timeout SECONDS] [--format text|json] <roots…>");
            return ERROR;
        }
        String bootstrap = setting("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        double rps = Double.parseDouble(setting("VALIDATOR_REQUESTS_PER_SECOND", "1"));
        try {
            AirtableConnection airtable = AirtableConnection.fromEnvironment(env::get);
            String baseId = airtable.baseId();
            AirtableClient client = airtable.waitingClient(Duration.ofSeconds(30), err::println);
            // the base's one budget, granted by airtable-sync (the writer): together they never cause a 429
            RateBudget budget = OwnerRateBudget.forCommand(env::get, baseId, rps, message -> err.println("validator: " + message));
            Reconciler reconciler = new Reconciler(client, budget, FieldMapping.defaults(),
                    MarketplaceNames.parse(env.get("HOOKBUS_MARKETPLACE_NAMES")), baseId, BaseRouting.parse(baseId, env.get("AIRTABLE_MARKETPLACE_BASES")));
            Report report = checkWithRetry(reconciler, options.roots());
            print(report, options.format());
            if (!options.autoSync() && !options.prune()) {
                return report.exitCode();
            }
            List<ComponentRepairEvent> repairs = RepairPlanner.plan(report, options.prune());
            if (repairs.isEmpty()) {
                return report.exitCode();
            }
            Set<String> answered = publishAndWait(bootstrap, report, repairs, options);
            if (!options.waitForResults()) {
                err.println("validator: published " + repairs.size() + " repairs to " + Topic.COMPONENT_REPAIRS.topicName());
                return report.exitCode();
            }
            if (answered.size() < repairs.size()) {
                err.println("validator: " + (repairs.size() - answered.size()) + " of " + repairs.size() + " repairs not answered by airtable-sync within "
                        + options.waitTimeout().toSeconds() + " s: is airtable-sync running?");
                return ERROR;
            }
            Report recheck = checkWithRetry(reconciler, options.roots());
            print(recheck, options.format());
            return recheck.exitCode();
        } catch (AirtableApiException e) {
            err.println("validator: " + (e.status() == 0 ? e.getMessage() : "Airtable refused the listing: " + e.getMessage()));
            return ERROR;
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("validator: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            err.println("validator: cannot read the roots: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("validator: interrupted");
            return ERROR;
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            err.println("validator: Kafka at " + bootstrap + " is unavailable: " + e.getMessage()
                    + (root == e ? "" : " (" + root.getMessage() + ")"));
            return ERROR;
        }
    }

    private Report checkWithRetry(Reconciler reconciler, List<Path> roots) throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                return reconciler.check(roots);
            } catch (AirtableApiException e) {
                // a 429 already penalized the budget: the next attempt waits it out
                if (e.kind() != AirtableApiException.Kind.RATE_LIMITED || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void print(Report report, String format) {
        out.print("json".equals(format) ? ReportFormat.json(report) + "\n" : ReportFormat.text(report));
        out.flush();
    }

    /** Publishes the repairs and the report; with --wait, follows sync-results until every repair id is answered. */
    private Set<String> publishAndWait(String bootstrap, Report report, List<ComponentRepairEvent> repairs, Options options)
            throws InterruptedException {
        Set<String> answered = new HashSet<>();
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                "validator-wait-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topic.TWO_MIB, ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (options.waitForResults()) {
                // positions taken before the repairs go out, so no answer is missed
                consumer.partitionsFor(Topic.SYNC_RESULTS.topicName())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
            }
            List<String> repairIds = new ArrayList<>();
            for (ComponentRepairEvent repair : repairs) {
                repairIds.add(repair.repairId());
                send(producer, Topic.COMPONENT_REPAIRS.topicName(), repair.syncKey(), EventJson.toBytes(repair));
            }
            send(producer, Topic.RECONCILE_REPORTS.topicName(), report.baseId(),
                    EventJson.toBytes(report.toEvent(EventIds.random(), repairIds, options.autoSync(), options.prune(), "cli")));
            if (!options.waitForResults()) {
                return answered;
            }
            Map<String, String> keyOfRepair = new HashMap<>();
            repairs.forEach(r -> keyOfRepair.put(r.repairId(), r.syncKey()));
            long deadline = System.nanoTime() + options.waitTimeout().toNanos();
            while (answered.size() < repairs.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    SyncResultEvent result = EventJson.read(record.value(), SyncResultEvent.class);
                    if (result.repairId() != null && keyOfRepair.containsKey(result.repairId())
                            && keyOfRepair.get(result.repairId()).equals(result.syncKey())) {
                        answered.add(result.repairId());
                    }
                }
            }
        }
        return answered;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.KafkaException("no acknowledgement for " + topic + " within 30 s", e);
        }
    }

    private Options parse(String[] args) {
        if (args.length == 0 || !args[0].equals("check")) {
            throw new IllegalArgumentException("unknown command" + (args.length == 0 ? "" : " '" + args[0] + "'"));
        }
        boolean autoSync = false;
        boolean prune = false;
        boolean wait = false;
        Duration waitTimeout = Duration.ofMinutes(5);
        String format = "text";
        List<Path> roots = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--auto-sync" -> autoSync = true;
                case "--prune" -> prune = true;
                case "--wait" -> wait = true;
                case "--wait-timeout" -> waitTimeout = Duration.ofSeconds(Long.parseLong(next(args, ++i, "--wait-timeout")));
                case "--format" -> {
                    format = next(args, ++i, "--format");
                    if (!format.equals("text") && !format.equals("json")) {
                        throw new IllegalArgumentException("--format takes text or json");
                    }
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    Path root = Path.of(args[i]);
                    if (!Files.isDirectory(root)) {
                        throw new IllegalArgumentException("root " + root + " is not a directory");
                    }
                    roots.add(root);
                }
            }
        }
        if (roots.isEmpty()) {
            String configured = env.get("HOOKBUS_ROOTS");
            if (configured != null && !configured.isBlank()) {
                for (String r : configured.split(":")) {
                    roots.add(Path.of(r));
                }
            }
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no roots given (and HOOKBUS_ROOTS is not set)");
        }
        return new Options(autoSync, prune, wait, waitTimeout, format, roots);
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private String setting(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
