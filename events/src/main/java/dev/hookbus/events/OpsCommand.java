package dev.hookbus.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ops command hookbus obeys, with its arguments: the one table the services dispatch on and the operator's tool
 * ({@code bin/hookbus ops}) checks and lists.
 */
public enum OpsCommand {
    BASE_PAUSE(OpsCommandEvent.AIRTABLE_SYNC, "base.pause", "the base's writer stops writing; intents wait, in order",
            Argument.text("base", "the base id", "AIRTABLE_BASE_ID of airtable-sync")),
    BASE_RESUME(OpsCommandEvent.AIRTABLE_SYNC, "base.resume", "the base's writer goes on",
            Argument.text("base", "the base id", "AIRTABLE_BASE_ID of airtable-sync")),
    LEDGER_RELIST(OpsCommandEvent.AIRTABLE_SYNC, "ledger.relist", "the writer lists the base again before its next write",
            Argument.text("base", "the base id", "AIRTABLE_BASE_ID of airtable-sync")),
    DLQ_REPLAY(OpsCommandEvent.AIRTABLE_SYNC, "dlq.replay", "dead letters back into processing; what still fails stays",
            Argument.choice("kind", "which dead letters", "all", "all", "refused", "unreadable")),
    RECONCILE(OpsCommandEvent.VALIDATOR, "reconcile", "one validator pass now",
            Argument.bool("autoSync", "publish repairs", "true"), Argument.bool("prune", "delete orphans and extra duplicates", "false")),
    RESYNC(OpsCommandEvent.VALIDATOR, "resync", "every component under the target written again",
            Argument.text("target", "all, a sync key, or a key prefix (a marketplace or plugin)", "all")),
    TILT_RUN(OpsCommandEvent.TILT_ORCHESTRATOR, "tilt.run", "run a pipeline",
            Argument.required("pipeline", "the pipeline's name"), Argument.text("steps", "steps to run, comma-separated", "the whole pipeline"),
            Argument.number("stepTimeoutSeconds", "each step's timeout", "the pipeline's")),
    TILT_CANCEL(OpsCommandEvent.TILT_ORCHESTRATOR, "tilt.cancel", "cancel the running run",
            Argument.text("pipeline", "the pipeline's name", "every pipeline"));

    private final String target;
    private final String command;
    private final String description;
    private final List<Argument> arguments;

    OpsCommand(String target, String command, String description, Argument... arguments) {
        this.target = target;
        this.command = command;
        this.description = description;
        this.arguments = List.of(arguments);
    }

    public String target() {
        return target;
    }

    public String command() {
        return command;
    }

    public String description() {
        return description;
    }

    public List<Argument> arguments() {
        return arguments;
    }

    public static List<String> targets() {
        return Arrays.stream(values()).map(OpsCommand::target).distinct().toList();
    }

    public static Optional<OpsCommand> find(String target, String command) {
        return Arrays.stream(values()).filter(c -> c.target.equals(target) && c.command.equals(command)).findFirst();
    }

    /** What is wrong with these arguments (unknown, missing, malformed), each as one line; empty when they are fine. */
    public List<String> problems(Map<String, String> args) {
        List<String> problems = new ArrayList<>();
        for (String name : args.keySet()) {
            if (arguments.stream().noneMatch(a -> a.name().equals(name))) {
                problems.add(command + " takes no argument '" + name + "' (it takes: "
                        + (arguments.isEmpty() ? "none" : String.join(", ", arguments.stream().map(Argument::name).toList())) + ")");
            }
        }
        for (Argument a : arguments) {
            String value = args.get(a.name());
            if (value == null) {
                if (a.kind() == Kind.REQUIRED) {
                    problems.add(command + " needs " + a.name() + "=… (" + a.description() + ")");
                }
                continue;
            }
            String problem = a.problem(value);
            if (problem != null) {
                problems.add(command + ": " + a.name() + "=" + value + " " + problem);
            }
        }
        return problems;
    }

    /** The value given, else the argument's default when it has a literal one. */
    public static String value(Map<String, String> args, String name, String fallback) {
        String v = args.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public enum Kind {
        TEXT,
        REQUIRED,
        BOOLEAN,
        NUMBER,
        CHOICE
    }

    /**
     * @param name as given on the command line ({@code name=value})
     * @param description for {@code --list}
     * @param defaultValue what applies without it, for a person
     * @param choices for {@link Kind#CHOICE}
     */
    public record Argument(String name, Kind kind, String description, String defaultValue, List<String> choices) {
        static Argument text(String name, String description, String defaultValue) {
            return new Argument(name, Kind.TEXT, description, defaultValue, List.of());
        }

        static Argument required(String name, String description) {
            return new Argument(name, Kind.REQUIRED, description, null, List.of());
        }

        static Argument bool(String name, String description, String defaultValue) {
            return new Argument(name, Kind.BOOLEAN, description, defaultValue, List.of("true", "false"));
        }

        static Argument number(String name, String description, String defaultValue) {
            return new Argument(name, Kind.NUMBER, description, defaultValue, List.of());
        }

        static Argument choice(String name, String description, String defaultValue, String... choices) {
            return new Argument(name, Kind.CHOICE, description, defaultValue, List.of(choices));
        }

        String problem(String value) {
            switch (kind) {
                case BOOLEAN:
                case CHOICE:
                    return choices.contains(value) ? null : "is not one of " + String.join(", ", choices);
                case NUMBER:
                    try {
                        return Double.parseDouble(value) > 0 ? null : "must be a positive number";
                    } catch (NumberFormatException e) {
                        return "is not a number";
                    }
                case REQUIRED:
                    return value.isBlank() ? "must not be empty" : null;
                default:
                    return null;
            }
        }
    }
}
