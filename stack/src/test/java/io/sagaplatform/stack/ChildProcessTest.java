package io.sagaplatform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    private static final Path NICE_SESSION = Path.of("../scripts/nice-session").toAbsolutePath().normalize();

    @Test
    void aDetachedProcessRunsInItsOwnNicerSessionAndAnotherHandleFindsAndStopsIt(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        String marker = "sleep 301";
        ChildProcess started = ChildProcess.detached("sleeper", dir.resolve("sleeper.log"), pidFile, NICE_SESSION, 7,
                marker);
        started.start(List.of("sleep", "301"), Map.of());
        long pid = started.pid().orElseThrow();
        assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(pid));

        // the pid is the command's own (setsid and nice-session exec it), in a session it leads, at nice 7
        // nice-session's own command line names the command too: ready once the exec chain has reached sleep itself
        started.awaitReady(Duration.ofSeconds(10), Duration.ofMillis(20), () -> ChildProcess.runningFrom(pidFile, marker)
                .isPresent() && comm(pid).equals("sleep"));
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        assertThat(Long.parseLong(stat[3])).as("session id").isEqualTo(pid);
        assertThat(Integer.parseInt(stat[16])).as("nice").isEqualTo(7);

        ChildProcess found = ChildProcess.detached("sleeper", dir.resolve("sleeper.log"), pidFile, NICE_SESSION, 7,
                marker).stopTimeout(Duration.ofSeconds(5));
        assertThat(found.pid()).contains(pid);
        found.stop();
        assertThat(started.alive()).isFalse();
        assertThat(pidFile).doesNotExist();
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    @Test
    void aPidFileOfAnotherCommandIsNotOurs(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("other.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        assertThat(ChildProcess.runningFrom(pidFile, "quarkus-run.jar of nobody")).isEmpty();
    }

    @Test
    void theServiceTableGivesEachServiceItsOwnPortAndDatabase() {
        assertThat(StackService.ALL.stream().map(s -> s.port(8080)).distinct()).hasSize(StackService.ALL.size());
        assertThat(StackService.ALL.stream().map(StackService::database).distinct()).hasSize(StackService.ALL.size());
        assertThat(StackService.named("order-service").port(8080)).isEqualTo(8081);
        // management ports (metrics, health): the application.properties' 9080-9084, moved with the base, and
        // clear of every HTTP port, Kafka's 9092/9093 and Prometheus' 9090
        assertThat(StackService.ALL.stream().map(s -> s.managementPort(8080))).containsExactly(9080, 9081, 9082,
                9083, 9084);
        assertThat(StackService.named("order-service").managementPort(18080)).isEqualTo(19081);
        assertThat(StackService.ALL.stream().map(s -> s.managementPort(8080)))
                .doesNotContainAnyElementsOf(StackService.ALL.stream().map(s -> s.port(8080)).toList())
                .doesNotContain(9090, 9092, 9093);
        assertThat(StackService.ALL.stream().filter(s -> !s.nice()).map(StackService::name)).containsExactly(
                "order-service");
    }
}
