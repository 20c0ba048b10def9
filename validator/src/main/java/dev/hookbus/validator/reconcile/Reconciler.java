package dev.hookbus.validator.reconcile;

import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.BaseRouting;
import dev.hookbus.airtable.AirtableRecord;
import dev.hookbus.airtable.FieldMapping;
import dev.hookbus.airtable.MappedRecord;
import dev.hookbus.airtable.MarketplaceAliases;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.airtable.SyncStatus;
import dev.hookbus.catalog.Adoption;
import dev.hookbus.catalog.Component;
import dev.hookbus.catalog.ComponentKind;
import dev.hookbus.catalog.Discovery;
import dev.hookbus.catalog.MarketplaceNames;
import dev.hookbus.catalog.ParseWarning;
import dev.hookbus.events.ReconcileReportEvent.State;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans the roots with {@code catalog}, lists every mapped table once (within the validator's share of the budget;
 * no formula is built from data), and names the state of every component and record.
 */
public final class Reconciler {
    private final AirtableClient client;
    private final RateBudget budget;
    private final FieldMapping mapping;
    private final MarketplaceNames names;
    private final String baseId;
    private final BaseRouting routing;

    public Reconciler(AirtableClient client, RateBudget budget, FieldMapping mapping, MarketplaceNames names, String baseId) {
        this(client, budget, mapping, names, baseId, BaseRouting.parse(baseId, null));
    }

    /**
     * @param routing which base holds each marketplace (airtable-sync's {@code AIRTABLE_MARKETPLACE_BASES}): the pass
     *        checks base {@code baseId} against the marketplaces routed to it only; another base's marketplace under the
     *        same roots is neither missing here nor repaired into this base
     */
    public Reconciler(AirtableClient client, RateBudget budget, FieldMapping mapping, MarketplaceNames names, String baseId, BaseRouting routing) {
        this.client = client;
        this.budget = budget;
        this.mapping = mapping;
        this.names = names;
        this.baseId = baseId;
        this.routing = routing;
    }

    private record Listed(AirtableRecord record, FieldMapping.TableMapping table) {
    }

    public Report check(List<Path> roots) throws IOException, InterruptedException {
        Instant started = Instant.now();
        // Airtable first, every record of every mapped table; the disk after it: a file written while the pass runs is
        // then at worst missing or stale in the base (repaired from the file, newest wins), never its record taken for an
        // orphan because the file came after the scan
        Map<String, List<Listed>> byKey = new HashMap<>();
        Map<String, List<Listed>> legacyByTable = new HashMap<>();
        Map<ComponentKind, List<AirtableRecord>> listedByKind = new EnumMap<>(ComponentKind.class);
        for (FieldMapping.TableMapping table : mapping.tablesInWriteOrder()) {
            // every field the mapping owns: a Stale finding rests on the record's own values, never on its stored hash
            List<String> fields = new ArrayList<>(mapping.ledgerFields(table));
            table.fields().keySet().stream().filter(f -> !fields.contains(f)).forEach(fields::add);
            List<AirtableRecord> records = client.listAll(budget, baseId, table.table(), fields);
            listedByKind.put(table.kind(), records);
            for (AirtableRecord r : records) {
                String key = r.text(mapping.syncKeyField());
                if (key == null || key.isBlank()) {
                    legacyByTable.computeIfAbsent(table.table(), t -> new ArrayList<>()).add(new Listed(r, table));
                } else {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Listed(r, table));
                }
            }
        }
        // disk: every component, keyed; the file it came from
        Map<String, Component> components = new LinkedHashMap<>();
        Map<String, Discovery.FoundFile> fileOf = new HashMap<>();
        Discovery discovery = new Discovery(names);
        // a marketplace's former names (its directory name, before its manifest's name was read)
        Map<String, List<String>> formerNames = new HashMap<>();
        for (Path root : roots) {
            Discovery.Result result = discovery.discover(root);
            for (Path marketplaceRoot : result.marketplaceRoots()) {
                formerNames.putIfAbsent(names.nameOf(marketplaceRoot), names.formerNames(marketplaceRoot));
            }
            for (Component c : result.components()) {
                if (routing.baseFor(c.marketplace()).equals(baseId)) {
                    components.putIfAbsent(c.syncKey(), c);
                }
            }
            for (Discovery.FoundFile f : result.files()) {
                f.components().forEach(c -> fileOf.putIfAbsent(c.syncKey(), f));
            }
        }
        // and the names a renamed marketplace's records still carry (its plugins link to its re-keyed record)
        MarketplaceAliases aliases = MarketplaceAliases.fromListing(mapping, listedByKind.get(ComponentKind.MARKETPLACE), listedByKind.get(ComponentKind.PLUGIN));
        formerNames.replaceAll((name, former) -> {
            List<String> all = new ArrayList<>(former);
            aliases.formerNames(name).stream().filter(n -> !all.contains(n)).forEach(all::add);
            return all;
        });
        List<Finding> findings = new ArrayList<>();
        Map<String, String> recordIdOfKey = new HashMap<>();
        Set<String> adoptedRecords = new HashSet<>();
        Set<String> rekeyed = new HashSet<>();
        // write order, so a plugin found by the adoption rule can anchor its components
        List<Component> ordered = new ArrayList<>(components.values());
        ordered.sort(Comparator.comparing(c -> c.kind().ordinal()));
        for (Component c : ordered) {
            Discovery.FoundFile file = fileOf.get(c.syncKey());
            List<String> warnings = c.warnings().stream().map(ParseWarning::toString).toList();
            String table = mapping.forKind(c.kind()).table();
            if (c.isInvalid()) {
                findings.add(new Finding(State.INVALID, c.syncKey(), table, file, List.of(), null, false, c.invalidReason(), warnings));
                continue;
            }
            MappedRecord mapped = mapping.map(c);
            List<Listed> live = new ArrayList<>(byKey.getOrDefault(c.syncKey(), List.of()).stream()
                    .filter(l -> !SyncStatus.isOrphaned(l.record(), mapping)).toList());
            List<Listed> marked = byKey.getOrDefault(c.syncKey(), List.of()).stream()
                    .filter(l -> SyncStatus.isOrphaned(l.record(), mapping)).toList();
            if (live.isEmpty()) {
                Listed former = formerRecord(c, formerNames, byKey, adoptedRecords);
                if (former != null) {
                    adoptedRecords.add(former.record().id());
                    rekeyed.add(former.record().id());
                    recordIdOfKey.put(c.syncKey(), former.record().id());
                    findings.add(new Finding(State.MISSING, c.syncKey(), table, file, List.of(former.record().id()), former.record().id(), false,
                            "record " + former.record().id() + " holds it under its former key " + former.record().text(mapping.syncKeyField())
                                    + " (re-keyed in place)", warnings));
                    continue;
                }
                FieldMapping.TableMapping tm = mapping.forKind(c.kind());
                String parentId = c.parentSyncKey() == null ? null : recordIdOfKey.get(c.parentSyncKey());
                List<Adoption.LegacyRecord> candidates = legacyByTable.getOrDefault(table, List.of()).stream()
                        .filter(l -> !adoptedRecords.contains(l.record().id()))
                        .map(l -> new Adoption.LegacyRecord(l.record().id(), l.record().text(tm.nameField()),
                                tm.parentLink() == null ? List.of() : l.record().links(tm.parentLink())))
                        .toList();
                Adoption.Match match = Adoption.match(String.valueOf(mapped.fields().get(tm.nameField())), tm.parentLink() == null ? null : parentId,
                        candidates);
                if (match instanceof Adoption.Unique unique) {
                    adoptedRecords.add(unique.recordId());
                    recordIdOfKey.put(c.syncKey(), unique.recordId());
                    findings.add(new Finding(State.MISSING, c.syncKey(), table, file, List.of(unique.recordId()), unique.recordId(), false,
                            "no record has this Sync Key; record " + unique.recordId() + " made by an older tool matches (adoptable)", warnings));
                } else {
                    String detail = match instanceof Adoption.Ambiguous amb ? "no record has this Sync Key; several records made by an older tool match "
                            + amb.recordIds() + " (ambiguous: not adopted)" : "no record has this Sync Key";
                    findings.add(new Finding(State.MISSING, c.syncKey(), table, file, List.of(), null, false, detail, warnings));
                }
                continue;
            }
            live.sort(Comparator.comparing((Listed l) -> l.record().createdTime() == null ? Instant.EPOCH : l.record().createdTime())
                    .thenComparing(l -> l.record().id()));
            Listed kept = live.get(0);
            recordIdOfKey.put(c.syncKey(), kept.record().id());
            List<FieldDifference> differences = differences(mapping.forKind(c.kind()), mapped, kept.record(),
                    c.parentSyncKey() == null ? null : recordIdOfKey.get(c.parentSyncKey()), c.parentSyncKey() != null);
            boolean same = differences.isEmpty();
            findings.add(new Finding(same ? State.SYNCED : State.STALE, c.syncKey(), table, file, List.of(kept.record().id()), null, false,
                    same ? null : differences.size() + (differences.size() == 1 ? " field differs" : " fields differ") + " from the file",
                    warnings, differences));
            if (live.size() > 1) {
                findings.add(new Finding(State.DUPLICATE, c.syncKey(), table, file, live.subList(1, live.size()).stream()
                        .map(l -> l.record().id()).toList(), null, false, live.size() + " records hold this key; the oldest, "
                        + kept.record().id() + ", is kept", List.of()));
            }
            if (!marked.isEmpty()) {
                findings.add(new Finding(State.DUPLICATE, c.syncKey(), table, file, marked.stream().map(l -> l.record().id()).toList(), null,
                        true, "extra records already marked Orphaned", List.of()));
            }
        }
        // records whose file is gone, in the marketplaces scanned here only (another root's records are not ours)
        Set<String> scanned = new HashSet<>();
        components.values().forEach(c -> scanned.add(c.marketplace()));
        byKey.forEach((key, listed) -> {
            if (components.containsKey(key) || !scanned.contains(key.split("/", 2)[0])) {
                return;
            }
            for (Listed l : listed) {
                if (rekeyed.contains(l.record().id())) {
                    continue;
                }
                boolean markedAlready = SyncStatus.isOrphaned(l.record(), mapping);
                findings.add(new Finding(State.ORPHANED, key, l.table().table(), null, List.of(l.record().id()), null, markedAlready,
                        markedAlready ? "no file; already marked Orphaned" : "no file has this key", List.of()));
            }
        });
        findings.sort(Comparator.comparing(Finding::syncKey).thenComparing(f -> f.state().ordinal()));
        return new Report(baseId, roots.stream().map(Path::toString).toList(), started, Instant.now(), findings);
    }

    /**
     * The record's listed values against the file's, field by field: every owned field (absent and empty are the same),
     * the parent link (when the parent's record is known) and the Sync Status.
     */
    private List<FieldDifference> differences(FieldMapping.TableMapping table, MappedRecord mapped, AirtableRecord record, String parentRecordId,
            boolean hasParent) {
        List<FieldDifference> out = new ArrayList<>();
        for (String field : table.fields().keySet()) {
            Object expected = mapped.fields().get(field);
            String file = expected == null || expected.toString().isEmpty() ? null : expected.toString();
            String airtable = record.text(field);
            if (airtable != null && airtable.isEmpty()) {
                airtable = null;
            }
            if (!java.util.Objects.equals(file, airtable)) {
                out.add(new FieldDifference(field, airtable, file));
            }
        }
        if (table.parentLink() != null) {
            List<String> links = record.links(table.parentLink());
            if (!hasParent && !links.isEmpty()) {
                out.add(new FieldDifference(table.parentLink(), String.join(", ", links), null));
            } else if (hasParent && parentRecordId != null && !links.equals(List.of(parentRecordId))) {
                out.add(new FieldDifference(table.parentLink(), links.isEmpty() ? null : String.join(", ", links), parentRecordId));
            }
        }
        String status = record.text(mapping.syncStatusField());
        if (!SyncStatus.SYNCED.is(status)) {
            out.add(new FieldDifference(mapping.syncStatusField(), status, SyncStatus.SYNCED.label()));
        }
        return out;
    }

    /** The one live record that holds the component under a former name of its marketplace, or null. */
    private Listed formerRecord(Component c, Map<String, List<String>> formerNames, Map<String, List<Listed>> byKey, Set<String> taken) {
        for (String former : formerNames.getOrDefault(c.marketplace(), List.of())) {
            String formerKey = former + c.syncKey().substring(c.marketplace().length());
            List<Listed> held = byKey.getOrDefault(formerKey, List.of()).stream()
                    .filter(l -> !SyncStatus.isOrphaned(l.record(), mapping) && !taken.contains(l.record().id())).toList();
            if (held.size() == 1) {
                return held.get(0);
            }
        }
        return null;
    }
}
