package dev.hookbus.airtable;

import dev.hookbus.catalog.ComponentKind;
import java.util.List;
import java.util.Map;

/**
 * A component as Airtable will hold it.
 *
 * @param kind the catalog kind
 * @param table the Airtable table
 * @param syncKey the merge key
 * @param fields Airtable field → value (text), links excluded
 * @param links link field → linked sync keys
 * @param contentHash {@link dev.hookbus.catalog.ContentHash} of fields and links
 */
public record MappedRecord(ComponentKind kind, String table, String syncKey, Map<String, Object> fields, Map<String, List<String>> links,
        String contentHash) {
}
