package dev.hookbus.airtable;

import dev.hookbus.catalog.ComponentKind;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names a marketplace's records still carry after the marketplace was renamed. Links are by record id, so once the
 * marketplace record holds its new key, a plugin record that links to it but whose key starts with another name shows
 * that other name to be a former one: its records are re-keyed in place, never re-created. The writer and the validator
 * read it from the same listing the same way.
 */
public final class MarketplaceAliases {
    private final Map<String, Set<String>> formerByName = new HashMap<>();

    /**
     * @param marketplaces the marketplace table's records
     * @param plugins the plugin table's records (with their link to the marketplace)
     */
    public static MarketplaceAliases fromListing(FieldMapping mapping, List<AirtableRecord> marketplaces, List<AirtableRecord> plugins) {
        MarketplaceAliases aliases = new MarketplaceAliases();
        String linkField = mapping.forKind(ComponentKind.PLUGIN).parentLink();
        Map<String, String> marketplaceKeyById = new HashMap<>();
        for (AirtableRecord m : marketplaces) {
            String key = m.text(mapping.syncKeyField());
            if (key != null && !key.isBlank()) {
                marketplaceKeyById.put(m.id(), key);
            }
        }
        for (AirtableRecord p : plugins) {
            String key = p.text(mapping.syncKeyField());
            int slash = key == null ? -1 : key.indexOf('/');
            if (slash <= 0 || linkField == null) {
                continue;
            }
            for (String linked : p.links(linkField)) {
                String name = marketplaceKeyById.get(linked);
                if (name != null) {
                    aliases.add(name, key.substring(0, slash));
                }
            }
        }
        return aliases;
    }

    /** The marketplace now named {@code name} was called {@code former}. */
    public void add(String name, String former) {
        if (!name.equals(former)) {
            formerByName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(former);
        }
    }

    public List<String> formerNames(String name) {
        return List.copyOf(formerByName.getOrDefault(name, Set.of()));
    }

    /**
     * The keys a component may still be held under: {@code syncKey} with each former name of its marketplace in place
     * of the current one.
     */
    public List<String> formerKeys(String syncKey) {
        int slash = syncKey.indexOf('/');
        String marketplace = slash < 0 ? syncKey : syncKey.substring(0, slash);
        String rest = slash < 0 ? "" : syncKey.substring(slash);
        return formerNames(marketplace).stream().map(former -> former + rest).toList();
    }
}
