package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sagaplatform.stack.LocalStack;
import io.sagaplatform.stack.ServiceProcess;
import io.sagaplatform.stack.StackService;

/**
 * Stops one service of the local stack and starts it again as {@code ./saga run} had started it: through the stack
 * module's {@link LocalStack#service} (its own session at its nice value, the same log and pid file), with the JVM
 * options and environment the running process has (read from {@code /proc}, so that the overrides given to
 * {@code ./saga run} stay). What a participant outage looks like to the rest of the platform: its consumer group
 * empties, its commands wait in Kafka, its outbox stops.
 */
final class ServiceRestart {

    private final String name;
    private final ServiceProcess service;

    private ServiceRestart(Path repoRoot, String name, long pid) throws IOException {
        this.name = name;
        List<String> argv = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                StandardCharsets.UTF_8).split("\0"));
        // java <JVM options> -jar <jar>: the options are what ./saga run gave
        int jar = argv.indexOf("-jar");
        if (jar < 1) {
            throw new IOException("not a service started with java -jar: " + argv);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        this.service = new LocalStack(repoRoot).service(StackService.named(name), argv.subList(1, jar), environment);
    }

    /** Reads how the running service was started; it must be readable now, before it is stopped. */
    static ServiceRestart of(Path repoRoot, String name, long pid) {
        try {
            return new ServiceRestart(repoRoot, name, pid);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read how " + name + " (pid " + pid + ") was started: " + e, e);
        }
    }

    /** SIGTERM, as ./saga stop sends; SIGKILL after SAGA_STOP_TIMEOUT. */
    void stop() {
        service.stop();
    }

    /** Starts it again and waits (at most 3 minutes) until it reports ready; returns the new pid. */
    long start() {
        service.start().awaitReady(Duration.ofMinutes(3));
        return service.pid().orElseThrow(() -> new IllegalStateException(name + " exited after its restart"));
    }
}
