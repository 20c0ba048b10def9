package dev.hookbus.devstack;

import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the Quarkus test against the JVM's real single-node KRaft broker ({@link EmbeddedKafka}): sets
 * {@code kafka.bootstrap.servers} and injects a {@code KafkaCompanion} field of the test for the same broker.
 */
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithKafkaBroker {
}
