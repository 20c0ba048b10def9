package dev.hookbus.airtable;

/** The values of a record's {@code Sync Status}: what hookbus says of the record. */
public enum SyncStatus {
    /** The record holds a component that has its file. */
    SYNCED("Synced"),
    /** The record's file is gone: marked (soft), it no longer holds its key; a returning file revives it. */
    ORPHANED("Orphaned");

    private final String label;

    SyncStatus(String label) {
        this.label = label;
    }

    /** The cell value in Airtable. */
    public String label() {
        return label;
    }

    /** Whether a record's cell value is this status. */
    public boolean is(String cellValue) {
        return label.equals(cellValue);
    }

    /** Whether the record is marked Orphaned (its {@code Sync Status} field read through the mapping). */
    public static boolean isOrphaned(AirtableRecord record, FieldMapping mapping) {
        return ORPHANED.is(record.text(mapping.syncStatusField()));
    }
}
