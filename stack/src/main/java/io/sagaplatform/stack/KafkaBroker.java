package io.sagaplatform.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * A real Kafka 4.1.1 broker (KRaft, one node as broker + controller) as its own OS process, from the Maven Central
 * jars of {@code scripts/kafka/pom.xml}: the one owner of the broker's settings ({@code server.properties}, logging,
 * JVM options) for the local stack ({@link LocalStack}, home {@code .local/kafka}, ports 9092/9093) and the tests
 * that kill and restart a broker (testing's {@code KafkaProcess}, a temporary home and free ports).
 *
 * <p>Its storage is formatted on the first start in a home; a later start (a restart after a crash too) reuses the
 * data directory and the ports.
 */
public final class KafkaBroker {

    /** Where the broker logs that it started: the first sign of readiness. */
    private static final String STARTED = "Kafka Server started";

    private final Path repoRoot;
    private final Path home;
    private final Path dataDir;
    private final Path serverProperties;
    private final int port;
    private final int controllerPort;
    private final List<String> jvmOptions;
    private final ChildProcess process;
    private String classpath;
    private int starts;

    private KafkaBroker(Path repoRoot, Path home, int port, int controllerPort, List<String> jvmOptions,
            ChildProcess process) {
        this.repoRoot = repoRoot;
        this.home = home;
        this.dataDir = home.resolve("data");
        this.serverProperties = home.resolve("server.properties");
        this.port = port;
        this.controllerPort = controllerPort;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.process = process;
    }

    /** A test's broker: killed when the JVM exits; Serial GC, C1 only and 512 MB, like the local stack's. */
    public static KafkaBroker forTest(Path repoRoot, Path home, int port, int controllerPort) {
        return new KafkaBroker(repoRoot, home, port, controllerPort,
                List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                new ChildProcess("Kafka broker on localhost:" + port, home.resolve("kafka.log")));
    }

    /**
     * The local stack's broker: in its own session at {@code nice}, pid in {@code <home>/kafka.pid}, surviving the
     * JVM that started it; an instance made by another JVM (./saga stop) finds a running one through that file.
     */
    public static KafkaBroker detached(Path repoRoot, Path home, int port, int controllerPort, List<String> jvmOptions,
            int nice) {
        Path serverProperties = home.resolve("server.properties");
        return new KafkaBroker(repoRoot, home, port, controllerPort, jvmOptions,
                ChildProcess.detached("the Kafka broker", home.resolve("kafka.log"), home.resolve("kafka.pid"),
                        repoRoot.resolve("scripts/nice-session"), nice, "kafka.Kafka " + serverProperties));
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return process.log();
    }

    public ChildProcess process() {
        return process;
    }

    /** How many times this instance started the process. */
    public synchronized int starts() {
        return starts;
    }

    public boolean alive() {
        return process.alive();
    }

    /**
     * Starts the broker unless it runs (formatting its storage on the first start in this home) and waits until
     * {@code ready} answers {@code true} or {@code atMost} passed; {@code false} when it was running already.
     */
    public synchronized boolean start(Duration atMost, Callable<Boolean> ready) {
        if (process.alive()) {
            return false;
        }
        for (int p : new int[] {port, controllerPort}) {
            if (listening(p)) {
                throw new IllegalStateException("Port " + p + " is already in use by another process (not the broker"
                        + " of " + home + "); set KAFKA_PORT / KAFKA_CONTROLLER_PORT or stop it");
            }
        }
        writeConfig();
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            append(ChildProcess.run(Duration.ofMinutes(2), java(List.of("-Xmx256m"), "kafka.tools.StorageTool",
                    "format", "-t", clusterId(), "-c",
                    serverProperties.toString(), "--standalone")));
        }
        process.start(java(jvmOptions, "-Djava.awt.headless=true", "kafka.Kafka", serverProperties.toString()),
                Map.of());
        starts++;
        process.awaitReady(atMost, Duration.ofMillis(500), ready);
        return true;
    }

    /**
     * Readiness without a client library: it listens, it logged that it started, and an admin request (the topic
     * list, through Kafka's own command-line tool) is answered.
     */
    public boolean answers() {
        try {
            return listening(port) && Files.readString(log()).contains(STARTED) && topics() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The broker's topics, through Kafka's {@code TopicCommand}. */
    public String topics() {
        return tool(Duration.ofSeconds(30), "org.apache.kafka.tools.TopicCommand", "--bootstrap-server",
                bootstrapServers(), "--list").trim();
    }

    /** SIGTERM (controlled shutdown); SIGKILL after the stop timeout. */
    public void stop() {
        process.stop();
    }

    /** SIGKILL: no controlled shutdown, nothing flushed by the broker — a crash. */
    public void kill() {
        process.kill();
    }

    /** Stops it, then deletes its data: the next start formats a fresh storage. */
    public void clean() {
        stop();
        ChildProcess.deleteTree(dataDir);
    }

    /** Runs a main class of the Kafka jars to its end with quiet logging (warnings on stderr); its output. */
    public String tool(Duration atMost, String mainClass, String... arguments) {
        return ChildProcess.run(atMost, toolCommand(mainClass, arguments));
    }

    /** The command that runs a main class of the Kafka jars with quiet logging, for a caller that runs it itself. */
    public List<String> toolCommand(String mainClass, String... arguments) {
        List<String> command = java(List.of("-Xmx256m", "-Dlog4j2.configurationFile=" + toolsLog4j()), mainClass);
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    /**
     * The broker's jars, resolved with Maven from {@code scripts/kafka/pom.xml} and cached in
     * {@code .local/kafka/classpath.txt}; resolved again when the pom changed or a jar vanished from ~/.m2.
     */
    public static synchronized String classpath(Path repoRoot) {
        Path pom = repoRoot.resolve("scripts/kafka/pom.xml");
        Path cache = repoRoot.resolve(".local/kafka/classpath.txt");
        try {
            if (Files.isRegularFile(cache) && Files.size(cache) > 0
                    && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(pom)) >= 0) {
                String cached = Files.readString(cache).trim();
                if (Arrays.stream(cached.split(":")).allMatch(jar -> Files.isRegularFile(Path.of(jar)))) {
                    return cached;
                }
            }
            Files.createDirectories(cache.getParent());
            Path tmp = cache.resolveSibling("classpath.txt.tmp");
            System.err.println("[saga] resolving the Kafka classpath with Maven (scripts/kafka/pom.xml)");
            ChildProcess.run(Duration.ofMinutes(10), List.of(repoRoot.resolve("mvnw").toString(), "-B", "-q", "-f",
                    pom.toString(), "dependency:build-classpath", "-Dmdep.outputFile=" + tmp));
            Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Files.readString(cache).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve the Kafka jars (scripts/kafka/pom.xml)", e);
        }
    }

    /**
     * A new cluster id as Kafka writes one: 16 random bytes, URL-safe base64 without padding — never starting with
     * '-', which the storage tool's argument parser would take for an option (one id in 64 did: "expected one
     * argument"); Kafka's own generator draws again for the same reason.
     */
    static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** A TCP port on localhost something listens on. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> java(List<String> options, String... mainAndArguments) {
        if (classpath == null) {
            classpath = classpath(repoRoot);
        }
        List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
        command.addAll(options);
        if (options.stream().noneMatch(o -> o.startsWith("-Dlog4j2.configurationFile="))) {
            command.add("-Dlog4j2.configurationFile=" + home.resolve("log4j2-server.properties"));
        }
        command.addAll(List.of("-cp", classpath));
        command.addAll(Arrays.asList(mainAndArguments));
        return command;
    }

    private void writeConfig() {
        String config = """
                # Written by the stack module's KafkaBroker on every start: edit that class, not this file.
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=localhost:%2$d
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                auto.create.topics.enable=true
                group.initial.rebalance.delay.ms=0
                log.retention.hours=24
                log.segment.bytes=104857600
                """.formatted(port, controllerPort, dataDir);
        // the broker logs to stdout, which goes to kafka.log; its noisiest loggers only warn
        String logging = log4j("SYSTEM_OUT", "INFO") + """
                logger.request.name = kafka.request.logger
                logger.request.level = WARN
                logger.statechange.name = state.change.logger
                logger.statechange.level = WARN
                logger.authorizer.name = kafka.authorizer.logger
                logger.authorizer.level = WARN
                """;
        try {
            Files.createDirectories(dataDir);
            Files.writeString(serverProperties, config);
            Files.writeString(home.resolve("log4j2-server.properties"), logging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path toolsLog4j() {
        Path file = home.resolve("log4j2-tools.properties");
        try {
            Files.createDirectories(home);
            // command-line tools only print warnings, to stderr
            Files.writeString(file, log4j("SYSTEM_ERR", "WARN"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Log4j 2 settings that print to {@code target} from {@code level} on. */
    private static String log4j(String target, String level) {
        return """
                # Written by the stack module's KafkaBroker on every start: edit that class, not this file.
                status = warn
                appender.console.type = Console
                appender.console.name = CONSOLE
                appender.console.target = %s
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%%d] %%p %%m (%%c)%%n
                rootLogger.level = %s
                rootLogger.appenderRef.console.ref = CONSOLE
                """.formatted(target, level);
    }

    /** Adds a tool's output to the broker's log, where whoever reads it after a failure looks. */
    private void append(String output) {
        try {
            Files.createDirectories(log().getParent());
            Files.writeString(log(), output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
