package dev.hookbus.sync.classify;

import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.MappedRecord;
import dev.hookbus.catalog.Component;
import dev.hookbus.catalog.ComponentFile;
import dev.hookbus.catalog.ComponentParser;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.WriteIntentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Parses a file's text and maps it to write intents: the components, and ENSURE intents for their parents. */
public final class IntentFactory {
    private final FieldMapping mapping;
    private final String baseId;

    public IntentFactory(FieldMapping mapping, String baseId) {
        this.mapping = mapping;
        this.baseId = baseId;
    }

    /** What a file turned into: intents to write, and components that are Invalid (reported, not written). */
    public record Outcome(List<WriteIntentEvent> intents, List<Component> invalid) {
    }

    public Outcome fromFile(ComponentFile file, String content, Instant sourceTime, String sourceEventId, String repairId) {
        return fromFile(file, content, sourceTime, sourceEventId, repairId, List.of());
    }

    /**
     * @param formerMarketplaces names the file's marketplace had before (its directory name, before the manifest's
     *        name was read): each intent names its former keys, so the writer re-keys such a record in place
     */
    public Outcome fromFile(ComponentFile file, String content, Instant sourceTime, String sourceEventId, String repairId,
            List<String> formerMarketplaces) {
        Outcome outcome = fromFile0(file, content, sourceTime, sourceEventId, repairId);
        if (formerMarketplaces.isEmpty()) {
            return outcome;
        }
        List<WriteIntentEvent> intents = new ArrayList<>();
        for (WriteIntentEvent i : outcome.intents()) {
            String rest = i.syncKey().substring(file.marketplace().length());
            intents.add(i.withFormerSyncKeys(formerMarketplaces.stream().map(former -> former + rest).toList()));
        }
        return new Outcome(intents, outcome.invalid());
    }

    private Outcome fromFile0(ComponentFile file, String content, Instant sourceTime, String sourceEventId, String repairId) {
        List<WriteIntentEvent> intents = new ArrayList<>();
        List<Component> invalid = new ArrayList<>();
        // parents first: the writer also orders by table, but a batch of one file reads naturally this way
        if (file.role() != ComponentFile.Role.MARKETPLACE_MANIFEST) {
            intents.add(intent(WriteIntentEvent.Operation.ENSURE, ComponentParser.marketplaceFromKey(file.marketplace()), sourceTime,
                    sourceEventId, repairId));
        }
        if (file.plugin() != null && file.role() != ComponentFile.Role.PLUGIN_MANIFEST) {
            intents.add(intent(WriteIntentEvent.Operation.ENSURE, ComponentParser.pluginFromKey(file.marketplace(), file.plugin()),
                    sourceTime, sourceEventId, repairId));
        }
        for (Component component : ComponentParser.parse(file, content)) {
            if (component.isInvalid()) {
                invalid.add(component);
            } else {
                intents.add(intent(WriteIntentEvent.Operation.UPSERT, component, sourceTime, sourceEventId, repairId));
            }
        }
        return new Outcome(intents, invalid);
    }

    public WriteIntentEvent intent(WriteIntentEvent.Operation operation, Component component, Instant sourceTime, String sourceEventId,
            String repairId) {
        MappedRecord mapped = mapping.map(component);
        String intentId = EventIds.derived(operation.name(), mapped.syncKey(), sourceEventId, repairId);
        return switch (operation) {
            case UPSERT -> WriteIntentEvent.upsert(intentId, baseId, mapped.table(), mapped.syncKey(), mapped.fields(), mapped.links(),
                    mapped.contentHash(), sourceTime, sourceEventId, repairId);
            case ENSURE -> WriteIntentEvent.ensure(intentId, baseId, mapped.table(), mapped.syncKey(), mapped.fields(), mapped.links(),
                    mapped.contentHash(), sourceTime, sourceEventId, repairId);
            default -> throw new IllegalArgumentException(operation + " is not made from a file");
        };
    }

    public String baseId() {
        return baseId;
    }
}
