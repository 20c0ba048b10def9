package dev.hookbus.emulator.rest;

import dev.hookbus.emulator.model.AirtableStore;
import dev.hookbus.emulator.model.Base;
import dev.hookbus.emulator.model.Field;
import dev.hookbus.emulator.model.Table;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** A read-only page listing bases, tables and records, so a person sees what hookbus wrote (Qute escapes it all). */
@Path("/")
public class StatusPage {
    @Inject
    AirtableStore store;

    public record TableView(String name, String id, List<String> columns, List<List<String>> rows) {
    }

    public record BaseView(String name, String id, List<TableView> tables) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<BaseView> bases);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        List<BaseView> bases = new ArrayList<>();
        synchronized (store) {
            for (Base base : store.bases()) {
                List<TableView> tables = new ArrayList<>();
                for (Table table : base.tables()) {
                    List<String> columns = new ArrayList<>(List.of("id"));
                    table.fields().forEach(f -> columns.add(f.name()));
                    List<List<String>> rows = new ArrayList<>();
                    for (Table.StoredRecord r : table.records().values()) {
                        List<String> row = new ArrayList<>(List.of(r.id()));
                        for (Field f : table.fields()) {
                            var v = r.cells().get(f.id());
                            row.add(v == null ? "" : v.isTextual() ? v.asText() : v.toString());
                        }
                        rows.add(row);
                    }
                    tables.add(new TableView(table.name(), table.id(), columns, rows));
                }
                bases.add(new BaseView(base.name(), base.id(), tables));
            }
        }
        return Templates.index(bases);
    }
}
