package dev.hookbus.tilt;

import static dev.hookbus.tilt.support.CitadelScenarios.allGreen;
import static dev.hookbus.tilt.support.CitadelScenarios.server;
import static dev.hookbus.tilt.support.FakeTilt.build;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookbus.devstack.EmbeddedKafka;
import dev.hookbus.devstack.ServiceProcess;
import dev.hookbus.devstack.TopicRecords;
import dev.hookbus.events.EventIds;
import dev.hookbus.events.EventJson;
import dev.hookbus.events.HookEvent;
import dev.hookbus.events.TiltRunEvent;
import dev.hookbus.events.Topic;
import dev.hookbus.tilt.support.FakeTilt;
import dev.hookbus.tilt.support.TestPipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a process: SIGKILL while a run is in progress loses nothing. The hook event was not yet
 * acknowledged (its run had no verdict), so the restarted service gets it again and runs it to a verdict.
 */
class TiltProcessIT {

    @Test
    void aChangeWhoseRunWasKilledMidwayIsRunAgainAfterRestart() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        Path work = Files.createTempDirectory("tilt-it");
        FakeTilt tilt = new FakeTilt(work.resolve("tilt"));
        Path workspace = work.resolve("citadel-workspace");
        TestPipelines.citadel(workspace, work.resolve("pipelines"), "200ms");
        // the first attempt hangs in step 2, so the kill lands mid-run
        tilt.scenario(allGreen().resource("server", server().builds(build().hangs())));

        Map<String, String> settings = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "tilt.binary", tilt.binary(),
                "tilt.pipelines-dir", work.resolve("pipelines").toString(), "tilt.poll-interval", "100ms",
                // a killed member leaves the group after this, not after the 45 s default
                "mp.messaging.incoming.hook-events.session.timeout.ms", "6000",
                "mp.messaging.incoming.hook-events.heartbeat.interval.ms", "1000");
        try (ServiceProcess service = new ServiceProcess("tilt-orchestrator", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath(),
                settings, work).start(Duration.ofSeconds(90));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            String eventId = EventIds.random();
            HookEvent event = new HookEvent(HookEvent.SCHEMA_VERSION, eventId, Instant.now(), Instant.now(), HookEvent.Source.FORWARDER,
                    workspace.toString(), "PostToolUse", "Edit", "s1", "toolu_it", List.of(workspace.resolve("citadel-workspace-server-kernel/src/k.rs")
                            .toString()), null, null, null);
            producer.send(new ProducerRecord<>(Topic.HOOK_EVENTS.topicName(), workspace.toString(), EventJson.toBytes(event))).get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> tilt.triggeredResources().contains("server"));
            service.kill();
            assertThat(finishedRunsOf(kafka, eventId)).isEmpty();

            tilt.scenario(allGreen());
            service.restart(Duration.ofSeconds(90));

            await().atMost(Duration.ofSeconds(90)).until(() -> !finishedRunsOf(kafka, eventId).isEmpty());
            TiltRunEvent finished = finishedRunsOf(kafka, eventId).get(0);
            assertThat(finished.verdict()).isEqualTo(TiltRunEvent.SUCCESS_LINE);
            assertThat(finished.requiredSteps()).containsExactly("server", "ui");
            assertThat(tilt.triggeredResources()).containsExactly("server", "ui");
        }
    }

    static List<TiltRunEvent> finishedRunsOf(EmbeddedKafka kafka, String eventId) {
        return TopicRecords.readAll(kafka.bootstrapServers(), Topic.TILT_RUNS.topicName()).stream()
                .map(r -> EventJson.read(r.value(), TiltRunEvent.class))
                .filter(e -> e.type() == TiltRunEvent.Type.RUN_FINISHED && ("hook:" + eventId).equals(e.trigger())).toList();
    }
}
