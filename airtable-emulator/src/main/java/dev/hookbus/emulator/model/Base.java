package dev.hookbus.emulator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A base: its tables, in order. */
public final class Base {
    private final String id;
    private final String name;
    private final List<Table> tables = new ArrayList<>();

    public Base(String id, String name) {
        this.id = id;
        this.name = name;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<Table> tables() {
        return tables;
    }

    /** Table by name or id, as the Web API accepts either. */
    public Optional<Table> table(String nameOrId) {
        for (Table t : tables) {
            if (t.id().equals(nameOrId) || t.name().equals(nameOrId)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public Optional<Table> tableById(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
