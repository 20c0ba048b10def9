package dev.hookbus.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @Test
    void theServicesOwnJvmOptionsOverrideTheDefaultHeapAndComeBeforeTheJar(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("quarkus-run.jar"));
        ServiceProcess service = new ServiceProcess("svc", jar, List.of("@" + dir.resolve("jvm.options"), "-Xmx96m"),
                Map.of("a.b", "c"), dir);
        List<String> command = service.command();
        assertThat(command.indexOf("-Xmx96m")).isGreaterThan(command.indexOf("-Xmx256m")).isLessThan(command.indexOf("-jar"));
        assertThat(command).contains("@" + dir.resolve("jvm.options"), "-Da.b=c");
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("-jar", jar.toString());
        assertThat(new ServiceProcess("svc", jar, Map.of(), dir).command()).filteredOn(a -> a.startsWith("@")).isEmpty();
    }
}
