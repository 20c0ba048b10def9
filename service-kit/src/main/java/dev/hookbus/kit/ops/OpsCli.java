package dev.hookbus.kit.ops;

import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.OpsCommand;
import dev.hookbus.events.OpsCommandEvent;
import dev.hookbus.events.OpsOutcomeEvent;
import dev.hookbus.events.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * {@code bin/hookbus ops TARGET COMMAND [name=value…] [--wait S]}: checks the command against {@link OpsCommand}
 * (nothing is published when it is wrong), publishes it, and waits for its {@link OpsOutcomeEvent}. {@code --list}
 * prints the table. Exit: 0 done, 1 refused or failed, 2 usage, 3 Kafka unreachable, 124 no answer in time.
 */
public final class OpsCli {
    public static final int DONE = 0;
    public static final int NOT_DONE = 1;
    public static final int USAGE = 2;
    public static final int NO_KAFKA = 3;
    public static final int NO_ANSWER = 124;

    private OpsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"), System.out, System.err));
    }

    static int run(String[] args, String bootstrapServers, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.println("usage: hookbus ops TARGET COMMAND [name=value ...] [--wait SECONDS] | hookbus ops --list");
            return args.length == 0 ? USAGE : DONE;
        }
        if (args[0].equals("--list")) {
            list(out);
            return DONE;
        }
        if (args.length < 2) {
            err.println("hookbus ops: give a command for " + args[0] + " (hookbus ops --list shows them)");
            return USAGE;
        }
        String target = args[0];
        String name = args[1];
        Map<String, String> values = new LinkedHashMap<>();
        Duration wait = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--wait") && i + 1 < args.length) {
                try {
                    wait = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                } catch (NumberFormatException e) {
                    err.println("hookbus ops: --wait takes seconds, not '" + args[i] + "'");
                    return USAGE;
                }
                continue;
            }
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                err.println("hookbus ops: '" + args[i] + "' is not name=value");
                return USAGE;
            }
            values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        if (!OpsCommand.targets().contains(target)) {
            err.println("hookbus ops: unknown target '" + target + "' (targets: " + String.join(", ", OpsCommand.targets()) + ")");
            return USAGE;
        }
        Optional<OpsCommand> command = OpsCommand.find(target, name);
        if (command.isEmpty()) {
            err.println("hookbus ops: " + target + " has no command '" + name + "' (it has: " + String.join(", ",
                    java.util.Arrays.stream(OpsCommand.values()).filter(c -> c.target().equals(target)).map(OpsCommand::command).toList()) + ")");
            return USAGE;
        }
        List<String> problems = command.get().problems(values);
        if (!problems.isEmpty()) {
            err.println("hookbus ops: " + String.join("; ", problems));
            return USAGE;
        }
        Duration bound = wait != null ? wait : command.get() == OpsCommand.RECONCILE ? Duration.ofMinutes(5) : Duration.ofSeconds(60);
        return send(new OpsCommandEvent(OpsCommandEvent.SCHEMA_VERSION, EventIds.random(), target, name, values, Instant.now(),
                System.getProperty("user.name", "operator") + "@hookbus-ops"), bootstrapServers, bound, out, err);
    }

    private static int send(OpsCommandEvent event, String bootstrapServers, Duration bound, PrintStream out, PrintStream err) {
        Map<String, Object> common = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000);
        Map<String, Object> consumerConfig = new java.util.HashMap<>(common);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> producerConfig = new java.util.HashMap<>(common);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        try (KafkaConsumer<String, byte[]> outcomes = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            // from the end as it is now: the answer comes after the command
            TopicPartition partition = new TopicPartition(Topic.OPS_OUTCOMES.topicName(), 0);
            outcomes.assign(List.of(partition));
            try {
                outcomes.seekToEnd(List.of(partition));
                outcomes.position(partition);
                producer.send(new ProducerRecord<>(Topic.OPS.topicName(), event.target(), EventJson.toBytes(event))).get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("hookbus ops: Kafka at " + bootstrapServers + " did not take the command (" + e.getClass().getSimpleName()
                        + "): is it running? (bin/hookbus status)");
                return NO_KAFKA;
            }
            out.println("sent " + event.target() + " " + event.command() + (event.args().isEmpty() ? "" : " " + event.args()) + " (command "
                    + event.commandId() + "); waiting up to " + bound.toSeconds() + " s for its outcome");
            Instant deadline = Instant.now().plus(bound);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : outcomes.poll(Duration.ofMillis(500))) {
                    if (!event.commandId().equals(record.key())) {
                        continue;
                    }
                    OpsOutcomeEvent outcome = EventJson.read(record.value(), OpsOutcomeEvent.class);
                    out.println(outcome.status() + ": " + outcome.message());
                    outcome.facts().forEach((k, v) -> out.println("  " + k + ": " + v));
                    return outcome.status() == OpsOutcomeEvent.Status.DONE ? DONE : NOT_DONE;
                }
            }
            err.println("hookbus ops: no answer from " + event.target() + " within " + bound.toSeconds() + " s: is it running? (bin/hookbus status)");
            return NO_ANSWER;
        }
    }

    static void list(PrintStream out) {
        for (OpsCommand c : OpsCommand.values()) {
            out.printf("%-18s %-14s %s%n", c.target(), c.command(), c.description());
            for (OpsCommand.Argument a : c.arguments()) {
                String values = a.choices().isEmpty() ? "" : " (" + String.join("|", a.choices()) + ")";
                String fallback = a.kind() == OpsCommand.Kind.REQUIRED ? "required" : "default: " + a.defaultValue();
                out.printf("%-18s %-14s   %s=…  %s%s; %s%n", "", "", a.name(), a.description(), values, fallback);
            }
        }
    }
}
