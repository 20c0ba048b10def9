package dev.hookbus.sync.writer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookbus.events.SyncResultEvent.Outcome;

/**
 * One record to send: the intent it answers, what it will be once Airtable accepts it, the record id (null for a
 * create), and the fields to send (null for a delete).
 */
record PlannedWrite(SourcedIntent source, Outcome outcome, String recordId, ObjectNode fields) {
}
