package dev.hookbus.devstack;

import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the Quarkus test against its own broker process ({@link KafkaBrokerProcess}) that the test can stop and start
 * again on the same port: sets {@code kafka.bootstrap.servers} and injects the {@link KafkaBrokerProcess} field.
 */
@QuarkusTestResource(value = RestartableKafkaTestResource.class, restrictToAnnotatedClass = true)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithRestartableKafkaBroker {
}
