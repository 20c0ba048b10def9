package dev.hookbus.devstack;

import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the packaged Airtable emulator ({@code airtable-emulator/target/quarkus-app}) as a child process for the test:
 * sets {@code airtable.api-url}, {@code airtable.token}, {@code airtable.base-id} and injects the
 * {@link AirtableEmulatorProcess} field. The rate-limit penalty is the real 30 s unless {@code penaltySeconds} says
 * otherwise.
 */
@QuarkusTestResource(value = AirtableEmulatorTestResource.class, restrictToAnnotatedClass = true)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithAirtableEmulator {
    int penaltySeconds() default 30;

    /** Further bases with the catalog layout, by id, beside {@link AirtableEmulatorProcess#BASE_ID}. */
    String[] catalogBases() default {};
}
