package dev.hookbus.validator.rest;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times on the status page as a person reads them ({@code 2026-12-01 09:31:05 UTC}), not raw ISO nanoseconds. */
@TemplateExtension
public final class ReadableTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ReadableTimes() {
    }

    static String readable(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }
}
