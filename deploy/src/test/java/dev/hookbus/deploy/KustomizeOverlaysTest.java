package dev.hookbus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hookbus.events.Topic;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay as {@code kubectl kustomize} renders it: Kubernetes kinds read into fabric8's typed model with no field
 * left over (a misspelt or misplaced field fails), Strimzi kinds at {@code kafka.strimzi.io/v1}, probes and ports as
 * the services serve them, images as the compose file builds them, topics as the table in {@code events}, and the
 * scaling rules (KEDA capped by partitions, never together with an HPA).
 */
class KustomizeOverlaysTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper STRICT = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<?>> TYPED = Map.of("Deployment", Deployment.class, "Service", Service.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "NetworkPolicy", NetworkPolicy.class, "ConfigMap", ConfigMap.class);

    static List<JsonNode> render(String overlay) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone",
                ROOT.resolve("deploy/kubernetes/overlays/" + overlay).toString()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException noKubectl) {
            Assumptions.abort("kustomize overlays: skipped, no kubectl on the PATH");
            return List.of();
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        List<JsonNode> docs = new ArrayList<>();
        var parser = new YAMLFactory().createParser(text);
        new YAMLMapper().readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        return docs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayRendersToValidResourcesThatMatchTheCode(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        int replicas = overlay.equals("dev") ? 1 : 3;
        Set<String> kinds = new HashSet<>();
        Set<String> hpaTargets = new HashSet<>();
        Set<String> kedaTargets = new HashSet<>();
        Set<String> topics = new HashSet<>();
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            kinds.add(kind);
            if (TYPED.containsKey(kind)) {
                Object typed = STRICT.treeToValue(doc, TYPED.get(kind));
                assertThat(leftovers(typed, "")).as(kind + " " + doc.path("metadata").path("name").asText() + ": fields the schema does not have")
                        .isEmpty();
            }
            switch (kind) {
                case "Deployment" -> checkDeployment(STRICT.treeToValue(doc, Deployment.class));
                case "HorizontalPodAutoscaler" -> hpaTargets.add(doc.path("spec").path("scaleTargetRef").path("name").asText());
                case "ScaledObject" -> {
                    assertThat(doc.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
                    String target = doc.path("spec").path("scaleTargetRef").path("name").asText();
                    kedaTargets.add(target);
                    assertThat(doc.path("spec").path("minReplicaCount").asInt()).as(target + ": a group that never committed must not stay at 0")
                            .isGreaterThanOrEqualTo(1);
                    for (JsonNode trigger : doc.path("spec").path("triggers")) {
                        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
                        Topic topic = Topic.byName(trigger.path("metadata").path("topic").asText()).orElseThrow();
                        assertThat(doc.path("spec").path("maxReplicaCount").asInt()).as(target + " replicas beyond " + topic.topicName() + "'s partitions idle")
                                .isLessThanOrEqualTo(topic.partitions());
                        assertThat(trigger.path("metadata").path("consumerGroup").asText()).as("a group the service uses")
                                .isIn(groupsOf(target));
                    }
                }
                case "KafkaTopic" -> {
                    assertThat(doc.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
                    JsonNode spec = doc.path("spec");
                    Topic topic = Topic.byName(spec.path("topicName").asText()).orElseThrow();
                    topics.add(topic.topicName());
                    assertThat(spec.path("partitions").asInt()).isEqualTo(topic.partitions());
                    assertThat(spec.path("replicas").asInt()).isEqualTo(replicas);
                    assertThat(spec.path("config").path("min.insync.replicas").asInt()).isEqualTo(replicas == 1 ? 1 : 2);
                    topic.configs().forEach((name, value) -> assertThat(spec.path("config").path(name).asText()).as(name).isEqualTo(value));
                }
                case "Kafka", "KafkaNodePool" -> {
                    assertThat(doc.path("apiVersion").asText()).as("Strimzi 1.x serves v1 only").isEqualTo("kafka.strimzi.io/v1");
                    if (kind.equals("KafkaNodePool")) {
                        assertThat(doc.path("spec").path("replicas").asInt()).isEqualTo(replicas);
                        assertThat(doc.path("spec").path("storage").path("type").asText()).isEqualTo(replicas == 1 ? "ephemeral" : "persistent-claim");
                        assertThat(doc.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("hookbus");
                    } else {
                        assertThat(doc.path("spec").path("kafka").path("version").asText()).startsWith("4.1.");
                    }
                }
                case "ConfigMap" -> {
                    try (var files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
                        for (Path dashboard : files.toList()) {
                            assertThat(doc.path("data").has(dashboard.getFileName().toString())).as(dashboard.getFileName().toString()).isTrue();
                        }
                    }
                }
                default -> {
                }
            }
        }
        assertThat(kinds).contains("Deployment", "Service", "HorizontalPodAutoscaler", "ScaledObject", "NetworkPolicy", "PodMonitor", "ConfigMap",
                "Kafka", "KafkaNodePool", "KafkaTopic");
        assertThat(topics).hasSize(Topic.values().length);
        assertThat(hpaTargets).as("never an HPA and KEDA on one Deployment").doesNotContainAnyElementsOf(kedaTargets);
        assertThat(hpaTargets).containsExactly("hook-ingest");
        assertThat(kedaTargets).containsExactlyInAnyOrder("airtable-sync", "validator");
    }

    /** Probes on the Quarkus paths, the port the service listens on, the image compose builds, a non-root pod. */
    static void checkDeployment(Deployment deployment) throws IOException {
        String name = deployment.getMetadata().getName();
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("hookbus/" + name + ":latest");
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose).contains("image: hookbus/" + name + ":${HOOKBUS_TAG:-latest}", "MODULE: " + name + ",");
        int port = container.getPorts().get(0).getContainerPort();
        Matcher configured = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{[A-Z_]+:(\\d+)}").matcher(
                Files.readString(ROOT.resolve(name + "/src/main/resources/application.properties")));
        assertThat(configured.find()).isTrue();
        assertThat(port).as(name + "'s port").isEqualTo(Integer.parseInt(configured.group(1)));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    /** The consumer groups a service's application.properties names. */
    static Set<String> groupsOf(String module) throws IOException {
        Set<String> groups = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^mp\\.messaging\\.incoming\\.[a-z-]+\\.group\\.id=([a-z-]+)$")
                .matcher(Files.readString(ROOT.resolve(module + "/src/main/resources/application.properties")));
        while (m.find()) {
            groups.add(m.group(1));
        }
        return groups;
    }

    /** Fields fabric8's model kept aside because the schema has no place for them, by path. */
    static List<String> leftovers(Object value, String path) {
        List<String> out = new ArrayList<>();
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum) {
            return out;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                out.addAll(leftovers(item, path + "[" + i++ + "]"));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.addAll(leftovers(v, path + "." + k)));
            return out;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return out;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + " " + extra.keySet());
                    }
                } else if (!(child instanceof String) && !getter.getName().equals("getData")) {
                    out.addAll(leftovers(child, path + "." + getter.getName().substring(3)));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter: not a field
            }
        }
        return out;
    }
}
