package dev.hookbus.sync.messaging;

import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.catalog.ComponentFile;
import dev.hookbus.events.ComponentRepairEvent;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.WriteIntentEvent;
import dev.hookbus.sync.classify.IntentFactory;
import dev.hookbus.sync.config.SyncConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The validator's repairs become write intents; every result they cause echoes the repair id. */
@ApplicationScoped
public class RepairProcessor {
    @Inject
    FieldMapping mapping;
    @Inject
    SyncConfig config;
    @Inject
    SyncPublisher publisher;

    @Inject
    DeadLetters deadLetters;

    /** Acknowledged only after its intents are on the writes topic; a repair that cannot be read goes aside. */
    @Incoming(Channels.COMPONENT_REPAIRS)
    public Uni<Void> onRepair(KafkaRecord<String, byte[]> record) {
        Uni<Void> work;
        try {
            work = process(record.getPayload());
        } catch (RuntimeException unreadable) {
            work = deadLetters.unreadable(record, "repair", unreadable);
        }
        return work.chain(() -> Uni.createFrom().completionStage(record.ack()));
    }

    /** The work one record causes; throws when the record cannot be read. */
    Uni<Void> process(byte[] payload) {
        ComponentRepairEvent repair = EventJson.read(payload, ComponentRepairEvent.class);
        String baseId = repair.baseId() == null ? config.baseId() : repair.baseId();
        IntentFactory factory = new IntentFactory(mapping, baseId);
        List<Uni<Void>> sends = new ArrayList<>();
        switch (repair.action()) {
            case UPSERT, ADOPT -> {
                ComponentFile file = ComponentFile.locate(repair.marketplace(), repair.snapshot().path())
                        .orElseThrow(() -> new IllegalArgumentException("repair " + repair.repairId() + ": " + repair.snapshot().path()
                                + " is not a catalog file"));
                for (WriteIntentEvent intent : factory.fromFile(file, repair.snapshot().content(), repair.sourceTime(), null, repair.repairId())
                        .intents()) {
                    if (repair.action() == ComponentRepairEvent.Action.ADOPT && intent.operation() == WriteIntentEvent.Operation.UPSERT
                            && intent.syncKey().equals(repair.syncKey()) && !repair.recordIds().isEmpty()) {
                        // the validator named the old record: it takes the component, its Sync Key included
                        sends.add(publisher.intent(WriteIntentEvent.adopt(intent.intentId(), baseId, intent.table(), intent.syncKey(),
                                repair.recordIds().get(0), intent.fields(), intent.links(), intent.contentHash(), intent.sourceTime(),
                                repair.repairId())));
                    } else {
                        sends.add(publisher.intent(intent));
                    }
                }
            }
            case MARK_ORPHANED, DELETE -> {
                for (String recordId : repair.recordIds()) {
                    String intentId = EventIds.derived(repair.repairId(), recordId);
                    sends.add(publisher.intent(repair.action() == ComponentRepairEvent.Action.DELETE
                            ? WriteIntentEvent.delete(intentId, baseId, repair.table(), repair.syncKey(), recordId, repair.sourceTime(), repair.repairId())
                            : WriteIntentEvent.markOrphaned(intentId, baseId, repair.table(), repair.syncKey(), recordId, repair.sourceTime(),
                                    repair.repairId())));
                }
            }
            default -> throw new IllegalArgumentException("repair " + repair.repairId() + " has an unknown action");
        }
        return publisher.all(sends);
    }
}
