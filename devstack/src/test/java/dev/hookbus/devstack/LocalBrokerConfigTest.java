package dev.hookbus.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerConfigTest {

    @TempDir
    Path tmp;

    private record Exit(int code, String output) {
    }

    private Exit runLocalBroker(String... args) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.javaCommand("128m", List.of("-cp", ChildJvm.currentClasspath())));
        command.add(LocalBroker.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("LocalBroker exits on bad configuration").isTrue();
        return new Exit(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aTakenPortIsOneClearLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Exit exit = runLocalBroker("--port", Integer.toString(taken.getLocalPort()), "--data", tmp.resolve("d").toString());
            assertThat(exit.code()).isEqualTo(2);
            assertThat(exit.output().strip()).isEqualTo("hookbus-kafka: port " + taken.getLocalPort()
                    + " is already in use: stop what listens there, or choose another port with --port / HOOKBUS_KAFKA_PORT");
        }
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void anUnwritableDataDirectoryIsOneClearLineAndExitTwo() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path data = file.resolve("data");
        Exit exit = runLocalBroker("--port", Integer.toString(FreePorts.next()), "--controller-port",
                Integer.toString(FreePorts.next()), "--data", data.toString());
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.output().strip()).startsWith("hookbus-kafka: data directory " + data + " is not writable")
                .endsWith("fix its permissions, or choose another with --data / HOOKBUS_KAFKA_DATA")
                .doesNotContain("\n");
    }

    @Test
    void checksPassOnAFreePortAndAWritableDirectory() throws IOException {
        assertThat(LocalBroker.checkPort(FreePorts.next(), "x")).isNull();
        assertThat(LocalBroker.checkDataDir(tmp.resolve("new/dir"))).isNull();
        assertThat(Files.list(tmp.resolve("new/dir"))).isEmpty();
    }
}
