package dev.hookbus.sync.writer;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.AirtableRecord;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.MarketplaceAliases;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.airtable.SyncStatus;
import dev.hookbus.catalog.Adoption;
import dev.hookbus.catalog.ComponentKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the writer knows of a base: learned by listing each mapped table once when it takes the base (Airtable is the
 * ledger), then kept current from Airtable's answers.
 */
public final class Ledger {
    /** A record that has a Sync Key. */
    public record Entry(String recordId, String contentHash, Instant sourceTime, Instant createdTime) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Ledger.class);

    private final Map<String, List<Entry>> byKey = new HashMap<>();
    private final Map<String, List<Adoption.LegacyRecord>> legacyByTable = new HashMap<>();
    private MarketplaceAliases aliases = new MarketplaceAliases();

    public static Ledger load(AirtableClient client, RateBudget budget, String baseId, FieldMapping mapping) throws InterruptedException {
        // a 429 waits out the penalty and asks for the same page again: starting the whole listing over (15 pages for
        // 1,500 records) let two writers of one base (a replica that lost the base in a rebalance still finishing its
        // batch, and the new owner) keep each other from ever finishing it (found by the fault suite: broker SIGSTOP)
        AirtableClient lister = client.waitingOutRateLimits(wait -> LOG.infof("ledger of %s: Airtable rate limit, the same page again in %d s",
                baseId, Math.max(1, wait.toSeconds())));
        Ledger ledger = new Ledger();
        Map<ComponentKind, List<AirtableRecord>> listed = new EnumMap<>(ComponentKind.class);
        for (FieldMapping.TableMapping table : mapping.tablesInWriteOrder()) {
            List<AirtableRecord> records = lister.listAll(budget, baseId, table.table(), mapping.ledgerFields(table));
            listed.put(table.kind(), records);
            List<Adoption.LegacyRecord> legacy = new ArrayList<>();
            for (AirtableRecord r : records) {
                String key = r.text(mapping.syncKeyField());
                if (SyncStatus.isOrphaned(r, mapping) && key != null && !key.isBlank()) {
                    // marked by the validator: no longer holds its key (a returning file revives it through the upsert)
                    continue;
                }
                if (key == null || key.isBlank()) {
                    legacy.add(new Adoption.LegacyRecord(r.id(), r.text(table.nameField()),
                            table.parentLink() == null ? List.of() : r.links(table.parentLink())));
                } else {
                    ledger.byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Entry(r.id(), r.text(mapping.contentHashField()),
                            parseTime(r.text(mapping.sourceTimeField())), r.createdTime()));
                }
            }
            ledger.legacyByTable.put(table.table(), legacy);
        }
        ledger.aliases = MarketplaceAliases.fromListing(mapping, listed.get(ComponentKind.MARKETPLACE), listed.get(ComponentKind.PLUGIN));
        return ledger;
    }

    /** Former names of renamed marketplaces, as the records' links show them (and as this writer re-keyed them). */
    public MarketplaceAliases aliases() {
        return aliases;
    }

    public List<Entry> entries(String syncKey) {
        return byKey.getOrDefault(syncKey, List.of());
    }

    /** The record id of a key with exactly one record. */
    public Optional<String> recordId(String syncKey) {
        List<Entry> entries = entries(syncKey);
        return entries.size() == 1 ? Optional.of(entries.get(0).recordId()) : Optional.empty();
    }

    public List<Adoption.LegacyRecord> legacy(String table) {
        return legacyByTable.getOrDefault(table, List.of());
    }

    /** After a write Airtable accepted. */
    public void written(String syncKey, String recordId, String contentHash, Instant sourceTime) {
        List<Entry> entries = byKey.computeIfAbsent(syncKey, k -> new ArrayList<>());
        entries.removeIf(e -> e.recordId().equals(recordId));
        entries.add(new Entry(recordId, contentHash, sourceTime, null));
        legacyByTable.values().forEach(list -> list.removeIf(l -> l.recordId().equals(recordId)));
    }

    public void deleted(String recordId) {
        byKey.values().forEach(list -> list.removeIf(e -> e.recordId().equals(recordId)));
        byKey.values().removeIf(List::isEmpty);
        legacyByTable.values().forEach(list -> list.removeIf(l -> l.recordId().equals(recordId)));
    }

    public int size() {
        return byKey.size();
    }

    static Instant parseTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
