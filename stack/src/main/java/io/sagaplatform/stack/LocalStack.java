package io.sagaplatform.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local stack, no Docker: the Kafka broker, the trace collector and every service of {@link StackService#ALL}
 * as processes of their own, each in its own session (so that a Ctrl-C reaches only this launcher, which stops them
 * in order) and surviving it. What {@code ./saga run|stop|status|token} and the build half of {@code ./saga bench}
 * call; {@code ./saga} brings PostgreSQL up before (scripts/postgres.sh).
 *
 * <p>Settings come from the environment, as {@code ./saga help} lists them: {@code SAGA_PORT_BASE} (8080: the
 * services listen on it and the next four ports; their management interfaces, metrics and health, 1000 above),
 * {@code KAFKA_PORT} (9092), {@code KAFKA_CONTROLLER_PORT} (9093),
 * {@code TRACE_PORT} (4318), {@code SAGA_DB_SUFFIX} (appended to every database and role name, for a second stack
 * on the same PostgreSQL), {@code SAGA_JAVA_OPTS}, {@code SAGA_READY_TIMEOUT}, {@code SAGA_STOP_TIMEOUT},
 * {@code SAGA_BACKEND_NICE}, {@code SAGA_ORDER_ADMISSION_INITIAL_IN_FLIGHT}, {@code SAGA_TRACES},
 * {@code KAFKA_HEAP_OPTS}, {@code KAFKA_JVM_OPTS}, {@code SAGA_AOT_CACHE_DIR} (JDK 25+: each service's AOT cache,
 * written by a first run, used by the next). The services inherit the rest of the environment.
 */
public final class LocalStack {

    /** Library modules every service is built from: a change there makes the service jars stale too. */
    private static final List<String> LIBRARY_MODULES = List.of("contracts", "messaging", "rest-support");

    private final Path repoRoot;
    private final Path localDir;
    private final int portBase = intEnv("SAGA_PORT_BASE", StackService.DEFAULT_PORT_BASE);
    private final int kafkaPort = intEnv("KAFKA_PORT", 9092);
    private final int kafkaControllerPort = intEnv("KAFKA_CONTROLLER_PORT", 9093);
    private final int tracePort = intEnv("TRACE_PORT", 4318);
    private final boolean traces = env("SAGA_TRACES", "on").equals("on");
    private final String databaseSuffix = env("SAGA_DB_SUFFIX", "");
    private final Duration readyTimeout = Duration.ofSeconds(intEnv("SAGA_READY_TIMEOUT", 180));
    private final Duration stopTimeout = Duration.ofSeconds(intEnv("SAGA_STOP_TIMEOUT", 20));
    private final int backendNice = intEnv("SAGA_BACKEND_NICE", 10);
    private final String aotCacheDir = env("SAGA_AOT_CACHE_DIR", "");
    private static final Duration AOT_CACHE_WRITE_TIMEOUT = Duration.ofMinutes(5);
    private volatile boolean stopping;

    public LocalStack(Path repoRoot) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.localDir = this.repoRoot.resolve(".local");
    }

    // ---- where things are ---------------------------------------------------------------------------

    /** Where {@code ./saga run} writes a process's pid: {@code .local/run/<name>.pid}. */
    public static Path pidFile(Path repoRoot, String name) {
        return repoRoot.resolve(".local/run").resolve(name + ".pid");
    }

    /** Where a service of the local stack logs: {@code .local/logs/<name>.log}. */
    public static Path logFile(Path repoRoot, String name) {
        return repoRoot.resolve(".local/logs").resolve(name + ".log");
    }

    /** The broker's home: {@code .local/kafka} (its pid in {@code kafka.pid}, its log in {@code kafka.log}). */
    public static Path kafkaHome(Path repoRoot) {
        return repoRoot.resolve(".local/kafka");
    }

    /** The local stack's first port, {@code SAGA_PORT_BASE} or 8080. */
    public static int portBase() {
        return intEnv("SAGA_PORT_BASE", StackService.DEFAULT_PORT_BASE);
    }

    public String database(StackService service) {
        return service.database() + databaseSuffix;
    }

    /** The services whose module exists, in start order. */
    public List<StackService> services() {
        return StackService.ALL.stream().filter(s -> s.exists(repoRoot)).toList();
    }

    /** The service as a process of this stack: running (attached through its pid file) or ready to start. */
    public ServiceProcess service(StackService service) {
        return service(service, jvmOptions(service), environment(service));
    }

    /** The same with the JVM options and environment given (the load generator's restart reuses a running one's). */
    public ServiceProcess service(StackService service, List<String> jvmOptions, Map<String, String> environment) {
        Path jar = service.jar(repoRoot);
        Path pidFile = pidFile(repoRoot, service.name());
        // a service recording an AOT cache assembles it in a child JVM as it exits (a minute or more on two busy
        // cores; killed, it leaves none): whoever stops it - this run or a later ./saga stop - gives it the time
        boolean writesAotCache = ChildProcess.runningFrom(pidFile, "-XX:AOTCacheOutput=").isPresent()
                || jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCacheOutput="));
        ChildProcess process = ChildProcess.detached(service.name(), logFile(repoRoot, service.name()),
                pidFile, repoRoot.resolve("scripts/nice-session"), service.nice() ? backendNice : 0, jar.toString())
                .stopTimeout(writesAotCache && AOT_CACHE_WRITE_TIMEOUT.compareTo(stopTimeout) > 0
                        ? AOT_CACHE_WRITE_TIMEOUT : stopTimeout);
        String port = environment.get("QUARKUS_HTTP_PORT");
        String managementPort = environment.get("QUARKUS_MANAGEMENT_PORT");
        return new ServiceProcess(jar, jvmOptions, environment,
                port == null ? service.port(portBase) : Integer.parseInt(port),
                managementPort == null ? service.managementPort(portBase) : Integer.parseInt(managementPort), process);
    }

    public KafkaBroker broker() {
        List<String> options = new ArrayList<>(split(env("KAFKA_HEAP_OPTS", "-Xmx512m")));
        // On a two-core machine shared with five services, C2 compilation and G1's threads cost more than they give
        // at these rates (BENCHMARKS.md "JVM settings").
        options.addAll(split(env("KAFKA_JVM_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")));
        KafkaBroker broker = KafkaBroker.detached(repoRoot, kafkaHome(repoRoot), kafkaPort, kafkaControllerPort,
                options, backendNice);
        broker.process().stopTimeout(Duration.ofSeconds(intEnv("KAFKA_STOP_TIMEOUT", 30)));
        return broker;
    }

    private ChildProcess traceCollector() {
        Path jar = repoRoot.resolve("trace-collector/target/trace-collector.jar");
        return ChildProcess.detached("the trace collector", localDir.resolve("logs/trace-collector.log"),
                pidFile(repoRoot, "trace-collector"), repoRoot.resolve("scripts/nice-session"), 0, jar.toString());
    }

    private List<String> jvmOptions(StackService service) {
        // scripts/service.jvm says why each flag is there; SAGA_JAVA_OPTS replaces them
        String custom = System.getenv("SAGA_JAVA_OPTS");
        List<String> options = new ArrayList<>(custom == null ? List.of(ServiceProcess.jvmFlagsFile(repoRoot))
                : split(custom));
        options.add("-Xlog:gc,safepoint:file=" + localDir.resolve("logs/" + service.name() + "-gc.log")
                + ":time,uptime:filecount=2,filesize=10m");
        if (!aotCacheDir.isBlank()) {
            options.add(aotCacheOption(service));
        }
        return options;
    }

    /**
     * A JDK 25 AOT cache per service (JEP 483/514/515: classes loaded and linked, method profiles): the run that
     * finds none records one and writes it when the service stops (the training run); later runs start from it.
     * A cache that no longer matches the jar is refused by the JVM with a warning, and the service starts without.
     */
    private String aotCacheOption(StackService service) {
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("SAGA_AOT_CACHE_DIR needs a JDK 25 or newer to run the services (this is "
                    + Runtime.version() + "): put one first on the PATH or unset SAGA_AOT_CACHE_DIR");
        }
        Path dir = repoRoot.resolve(aotCacheDir);
        Path cache = dir.resolve(service.name() + ".aot");
        if (Files.isRegularFile(cache)) {
            return "-XX:AOTCache=" + cache;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "-XX:AOTCacheOutput=" + cache;
    }

    private Map<String, String> environment(StackService service) {
        String db = database(service);
        Map<String, String> env = ServiceProcess.environment("jdbc:postgresql://localhost:5432/" + db, db, db,
                db + "_relay", db + "_relay", "localhost:" + kafkaPort);
        env.put("SAGA_MESSAGING_RELAY_SLOT_NAME", db + "_outbox");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", localDir.resolve("jwt/public.pem").toString());
        // The door of a freshly started local stack starts at 8 orders in flight and grows as orders are decided
        // quickly: its JITs are cold (BENCHMARKS.md, "Overload"). A deployment starts at the maximum.
        env.put("SAGA_ORDER_ADMISSION_INITIAL_IN_FLIGHT", env("SAGA_ORDER_ADMISSION_INITIAL_IN_FLIGHT", "8"));
        env.put("SAGA_ORCHESTRATOR_ORDER_SERVICE_URL",
                "http://localhost:" + StackService.named("order-service").port(portBase));
        if (traces) {
            env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://localhost:" + tracePort);
            env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "1s");
        }
        // The local stack's logs stay human-readable, with the trace, saga and message ids on every line.
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("QUARKUS_LOG_CONSOLE_FORMAT", "%d{HH:mm:ss,SSS} %-5p [%c{3.}] (%t) trace=%X{traceId} saga=%X{sagaId}"
                + " message=%X{messageId} %s%e%n");
        return env;
    }

    // ---- run ----------------------------------------------------------------------------------------

    /**
     * Starts the broker, builds what is stale, starts the trace collector and every service, waits until each is
     * ready, prints where to look, then stays in the foreground until every service has gone (./saga stop) or a
     * signal stops the stack (the shutdown hook, in order).
     */
    public void run() {
        List<StackService> services = services();
        if (services.isEmpty()) {
            throw new IllegalStateException("no service module exists yet (looked for <module>/pom.xml of: "
                    + StackService.names() + ")");
        }
        for (StackService service : services) {
            if (service(service).alive()) {
                throw new IllegalStateException(service.name()
                        + " already runs (./saga status shows the stack, ./saga stop stops it)");
            }
        }
        Thread hook = new Thread(() -> {
            if (!stopping) {
                stopping = true;
                System.out.println();
                log("stopping the stack");
                stop();
            }
        }, "stop-the-stack");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<StackService, ServiceProcess> started = new LinkedHashMap<>();
        try {
            startBroker();
            ensureKeyPair();
            build("services");
            startTraceCollector();
            for (StackService service : services) {
                ServiceProcess process = service(service);
                for (int port : List.of(process.port(), process.managementPort())) {
                    if (KafkaBroker.listening(port)) {
                        throw new IllegalStateException("port " + port + " (for " + service.name()
                                + ") is already in use by another process");
                    }
                }
                rotate(process.log());
                process.start();
                started.put(service, process);
                log("started " + service.name() + " (pid " + process.pid().orElse(-1L) + ", port " + process.port()
                        + ", management port " + process.managementPort()
                        + ", log " + repoRoot.relativize(process.log()) + ")");
            }
            started.forEach((service, process) -> {
                try {
                    process.awaitReady(readyTimeout);
                } catch (IllegalStateException e) {
                    tail(process.log(), 40);
                    throw new IllegalStateException(service.name() + " did not get ready: " + e.getMessage(), e);
                }
                log(service.name() + " is ready (" + process.managementUrl() + "/q/health/ready)");
            });
        } catch (RuntimeException e) {
            if (!stopping) {
                stopping = true;
                System.err.println("[saga] ERROR: " + e.getMessage());
                warn("start-up failed: stopping what was started");
                stop();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            System.exit(1);
        }
        banner(services);
        waitInForeground(started);
    }

    /** Stays until no service runs any more (reporting, once, each that exits), then stops the broker. */
    private void waitInForeground(Map<StackService, ServiceProcess> started) {
        List<String> dead = new ArrayList<>();
        while (!stopping) {
            started.forEach((service, process) -> {
                if (!dead.contains(service.name()) && !process.alive()) {
                    dead.add(service.name());
                    warn(service.name() + " has exited (see " + process.log() + ")");
                }
            });
            if (dead.size() == started.size() && !stopping) {
                stopping = true;
                log("no service runs any more: stopping the broker and leaving");
                traceCollector().stop();
                broker().stop();
                log("the broker stopped");
                return;
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void startBroker() {
        KafkaBroker broker = broker();
        if (broker.alive()) {
            log("Kafka: already running (pid " + broker.process().pid().orElse(-1L) + ") on "
                    + broker.bootstrapServers());
            return;
        }
        rotate(broker.log());
        log("starting Kafka 4.1.1 on " + broker.bootstrapServers() + " (controller localhost:" + kafkaControllerPort
                + "), log " + repoRoot.relativize(broker.log()));
        broker.start(Duration.ofSeconds(intEnv("KAFKA_START_TIMEOUT", 60)), broker::answers);
        log("Kafka: running (pid " + broker.process().pid().orElse(-1L) + ") on " + broker.bootstrapServers());
    }

    private void startTraceCollector() {
        if (!traces) {
            return;
        }
        if (KafkaBroker.listening(tracePort)) {
            log("traces: something already listens on localhost:" + tracePort + "; the services export there");
            return;
        }
        build("trace-collector");
        Path jar = repoRoot.resolve("trace-collector/target/trace-collector.jar");
        ChildProcess collector = traceCollector();
        collector.start(List.of(ChildProcess.java(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                jar + ":" + repoRoot.resolve("trace-collector/target/lib/*"),
                "io.sagaplatform.tracecollector.TraceCollector", Integer.toString(tracePort)), Map.of());
        log("started the trace collector (pid " + collector.pid().orElse(-1L) + ", http://localhost:" + tracePort
                + "/traces)");
    }

    // ---- stop, status -------------------------------------------------------------------------------

    /** Stops every service (reverse order), the trace collector, then the broker. */
    public void stop() {
        List<StackService> services = new ArrayList<>(StackService.ALL);
        java.util.Collections.reverse(services);
        for (StackService service : services) {
            ServiceProcess process = service(service);
            process.pid().ifPresent(pid -> log("stopping " + service.name() + " (pid " + pid + ")"));
            process.stop();
        }
        ChildProcess collector = traceCollector();
        collector.pid().ifPresent(pid -> log("stopping the trace collector (pid " + pid + ")"));
        collector.stop();
        KafkaBroker broker = broker();
        broker.process().pid().ifPresent(pid -> log("stopping Kafka (pid " + pid + ")"));
        broker.stop();
        log("stopped (PostgreSQL keeps running: it is the machine's)");
    }

    /** What runs: PostgreSQL, the broker (with its topics), the trace collector, each service and its readiness. */
    public void status() {
        log("PostgreSQL: " + (KafkaBroker.listening(5432) ? "accepting connections on localhost:5432"
                : "not accepting connections on localhost:5432 (scripts/postgres.sh up)"));
        KafkaBroker broker = broker();
        Optional<Long> kafkaPid = broker.process().pid();
        if (kafkaPid.isPresent()) {
            String topics;
            try {
                topics = String.join(" ", broker.topics().split("\n"));
            } catch (RuntimeException e) {
                topics = "(does not answer an admin request)";
            }
            log("Kafka: running (pid " + kafkaPid.get() + ") on " + broker.bootstrapServers() + ", log "
                    + repoRoot.relativize(broker.log()) + "; topics: " + (topics.isBlank() ? "(none)" : topics));
        } else {
            log("Kafka: not running (home " + repoRoot.relativize(broker.home()) + ")");
        }
        log("Trace collector: " + traceCollector().pid().map(pid -> "running  pid " + pid + "  http://localhost:"
                + tracePort + "/traces").orElse("stopped"));
        for (StackService service : StackService.ALL) {
            String state;
            if (!service.exists(repoRoot)) {
                state = "no module yet";
            } else {
                ServiceProcess process = service(service);
                Optional<Long> pid = process.pid();
                state = pid.isPresent()
                        ? String.format("running  pid %-7d %s  metrics %s/q/metrics  ready: %s", pid.get(),
                                process.url(), process.managementUrl(),
                                process.ready() ? "yes" : "no")
                        : Files.isRegularFile(service.jar(repoRoot)) ? "stopped  (built)" : "stopped  (not built)";
            }
            System.out.printf("[saga] %-18s %s%n", service.name(), state);
        }
    }

    /** Fails unless every service runs and is ready and the broker runs: what the load generator measures. */
    public void requireUp() {
        List<String> missing = new ArrayList<>();
        for (StackService service : services()) {
            ServiceProcess process = service(service);
            if (!process.alive()) {
                missing.add(service.name() + " (not running)");
            } else if (!process.ready()) {
                missing.add(service.name() + " (not ready)");
            }
        }
        if (!broker().alive()) {
            missing.add("the Kafka broker");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the stack is not up: " + String.join(", ", missing)
                    + ". Start it with ./saga run (in another shell), then ./saga bench again");
        }
    }

    // ---- build --------------------------------------------------------------------------------------

    /**
     * Builds {@code what} (services, trace-collector or bench) with Maven when its jar is missing or older than any
     * source it is built from; the one staleness check ./saga has.
     */
    public void build(String what) {
        List<Path> jars = new ArrayList<>();
        List<Path> sources = new ArrayList<>(List.of(repoRoot.resolve("pom.xml")));
        List<String> maven = new ArrayList<>(List.of(repoRoot.resolve("mvnw").toString(), "-B", "-q"));
        switch (what) {
            case "services" -> {
                for (StackService service : services()) {
                    jars.add(service.jar(repoRoot));
                    sources.add(repoRoot.resolve(service.name()));
                }
                LIBRARY_MODULES.forEach(module -> sources.add(repoRoot.resolve(module)));
            }
            case "trace-collector", "bench" -> {
                jars.add(repoRoot.resolve(what + "/target/" + what + ".jar"));
                jars.add(repoRoot.resolve(what + "/target/lib"));
                sources.add(repoRoot.resolve(what));
                maven.addAll(List.of("-pl", what, "-am"));
            }
            default -> throw new IllegalArgumentException("build services | trace-collector | bench, not " + what);
        }
        maven.addAll(List.of("package", "-DskipTests"));
        List<String> stale = jars.stream().filter(jar -> newerThan(jar, sources))
                .map(jar -> repoRoot.relativize(jar).getName(0).toString()).distinct().toList();
        if (stale.isEmpty()) {
            if (what.equals("services")) {
                log("service jars are up to date");
            }
            return;
        }
        log("building " + what + " (missing or older than their sources: " + String.join(", ", stale) + "): ./mvnw "
                + String.join(" ", maven.subList(1, maven.size())));
        if (inheritingIo(maven) != 0) {
            throw new IllegalStateException("the build failed (output above)");
        }
    }

    /** Runs {@code command} in the repository's root on this terminal; its exit code. */
    private int inheritingIo(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().directory(repoRoot.toFile()).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command.get(0), e);
        }
    }

    /** Whether {@code jar} is missing or a file under a module's pom.xml or src/ is newer. */
    private static boolean newerThan(Path jar, List<Path> sources) {
        if (!Files.exists(jar)) {
            return true;
        }
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            for (Path source : sources) {
                List<Path> roots = Files.isDirectory(source) ? List.of(source.resolve("pom.xml"), source.resolve("src"))
                        : List.of(source);
                for (Path root : roots) {
                    if (!Files.exists(root)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(root)) {
                        if (files.anyMatch(f -> f.toFile().lastModified() > built)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    // ---- tokens -------------------------------------------------------------------------------------

    /** The local stack's key pair in {@code .local/jwt} (made on first use, never committed). */
    public void ensureKeyPair() {
        Path dir = localDir.resolve("jwt");
        if (Files.isRegularFile(dir.resolve("private.pem")) && Files.isRegularFile(dir.resolve("public.pem"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Jwt.keyPair(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the local stack's token key in " + dir, e);
        }
        // on stderr: ./saga token's output is the token alone
        System.err.println("[saga] made the local stack's token signing key (.local/jwt/)");
    }

    /** A token for the local stack (12 hours). */
    public String token(String subject, String role) {
        ensureKeyPair();
        try {
            return Jwt.mint(localDir.resolve("jwt/private.pem"), subject, role, 12);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not make a token for '" + subject + "': " + e.getMessage(), e);
        }
    }

    // ---- banner -------------------------------------------------------------------------------------

    private void banner(List<StackService> services) {
        System.out.println();
        log("the stack is up");
        System.out.println();
        for (StackService service : services) {
            int port = service.port(portBase);
            int management = service.managementPort(portBase);
            System.out.printf("  %-18s http://localhost:%d   metrics http://localhost:%d/q/metrics   health"
                    + " http://localhost:%d/q/health   OpenAPI UI http://localhost:%d/q/swagger-ui%n", service.name(),
                    port, management, management, port);
        }
        System.out.println("  (metrics and health are on each service's management port, HTTP port + "
                + StackService.MANAGEMENT_PORT_SHIFT + ", without a token)");
        System.out.println();
        int orderPort = StackService.named("order-service").port(portBase);
        int orchestratorPort = StackService.named("orchestrator").port(portBase);
        boolean orders = services.contains(StackService.named("order-service"));
        if (orders) {
            System.out.println("  Order API:   http://localhost:" + orderPort + "/orders");
            System.out.println("  OpenAPI UI:  http://localhost:" + orderPort + "/q/swagger-ui");
        }
        if (services.contains(StackService.named("orchestrator"))) {
            System.out.println("  Dashboard:   http://localhost:" + orchestratorPort
                    + "/dashboard/   (the web page; paste an operator token printed above)");
            System.out.println("  Saga API:    http://localhost:" + orchestratorPort
                    + "/sagas   (operator token; a saga: /sagas/<id>; live: /sagas/stream;");
            System.out.println("               stats: /sagas/stats; OpenAPI UI: http://localhost:" + orchestratorPort
                    + "/q/swagger-ui, \"Authorize\" takes a token)");
        }
        System.out.println("  Kafka:       localhost:" + kafkaPort + "   (./saga status lists its topics; log"
                + " .local/kafka/kafka.log)");
        System.out.println("  PostgreSQL:  localhost:5432, one database per service (user = password = database"
                + " name" + (databaseSuffix.isEmpty() ? "" : ", each ending in " + databaseSuffix) + ")");
        System.out.println("  Logs:        .local/logs/<service>.log   e.g. tail -f .local/logs/order-service.log");
        if (traces) {
            System.out.println("  Traces:      http://localhost:" + tracePort + "/traces   (an order's:"
                    + " /traces?orderId=<order id>; one trace as a tree:");
            System.out.println("               /traces/<trace id>; the trace id is on every log line as trace=...)");
        }
        System.out.println();
        // Ready-made tokens (12 h): customers place and read their own orders, operators use the dashboard API and
        // its actions, admins also change stock, credit lines and destinations (README "Access").
        System.out.println("  Tokens (12 h; more with ./saga token customer <id> | operator [name] | admin):");
        System.out.println("    export ALICE=" + token("alice", "customer"));
        System.out.println("    export OPS=" + token("ops", "operator"));
        System.out.println("    export ADMIN=" + token("admin", "admin"));
        System.out.println();
        if (orders) {
            System.out.println("  Place an order as alice (after the exports above), then watch its saga in the"
                    + " dashboard API:");
            System.out.println("    curl -i -X POST http://localhost:" + orderPort + "/orders -H \"Authorization:"
                    + " Bearer $ALICE\" -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' -d"
                    + " '{\"customerId\":\"alice\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"SKU-APPLE\","
                    + "\"quantity\":2,\"unitPrice\":1.25}],\"shippingAddress\":{\"recipient\":\"Alice\",\"street\":"
                    + "\"1 Main St\",\"city\":\"Lyon\",\"postalCode\":\"69001\",\"country\":\"FR\"}}'");
            System.out.println("    curl -s http://localhost:" + orchestratorPort + "/sagas -H \"Authorization: Bearer"
                    + " $OPS\"");
            System.out.println();
        }
        log("Ctrl-C stops every service and the broker (or ./saga stop from another shell)");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** Keeps one previous log ({@code <log>.1}); the new process starts a fresh one. */
    private static void rotate(Path log) {
        try {
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.err::println);
        } catch (IOException | RuntimeException e) {
            // no log to show
        }
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    }

    private static void log(String message) {
        System.out.println("[saga] " + message);
    }

    private static void warn(String message) {
        System.err.println("[saga] WARNING: " + message);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)));
    }

    /**
     * {@code ./saga}'s entry: {@code run}, {@code stop}, {@code status}, {@code token ROLE [NAME]},
     * {@code require-up}, {@code build services|trace-collector|bench}, {@code clean-broker}, {@code databases}
     * (for scripts/postgres.sh), {@code kafka-tool CLASS [ARGS...]}. Run from the repository's root.
     */
    public static void main(String[] args) {
        LocalStack stack = new LocalStack(Path.of(""));
        String command = args.length == 0 ? "help" : args[0];
        try {
            switch (command) {
                case "run" -> stack.run();
                case "stop" -> stack.stop();
                case "status" -> stack.status();
                case "token" -> System.out.println(stack.cliToken(Arrays.copyOfRange(args, 1, args.length)));
                case "require-up" -> stack.requireUp();
                case "build" -> stack.build(args.length > 1 ? args[1] : "services");
                case "clean-broker" -> {
                    KafkaBroker broker = stack.broker();
                    broker.clean();
                    log("Kafka: stopped; deleted its data in " + stack.repoRoot.relativize(broker.home()));
                }
                case "databases" -> StackService.ALL.forEach(s -> System.out.println(stack.database(s)));
                case "kafka-tool" -> System.exit(args.length < 2
                        ? usage("usage: ./saga kafka CLASS [ARGS...], e.g. ./saga kafka"
                                + " org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --list")
                        : stack.inheritingIo(stack.broker().toolCommand(args[1],
                        Arrays.copyOfRange(args, 2, args.length))));
                default -> throw new IllegalArgumentException("unknown command: " + command);
            }
        } catch (RuntimeException e) {
            System.err.println("[saga] ERROR: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int usage(String message) {
        System.err.println("[saga] " + message);
        return 2;
    }

    private String cliToken(String[] args) {
        String role = args.length > 0 ? args[0] : "";
        String name = args.length > 1 ? args[1] : null;
        return switch (role) {
            case "customer" -> {
                if (name == null) {
                    throw new IllegalArgumentException("usage: ./saga token customer <customer id>   (e.g. alice)");
                }
                yield token(name, "customer");
            }
            case "operator" -> token(name == null ? "ops" : name, "operator");
            case "admin" -> token(name == null ? "admin" : name, "admin");
            default -> throw new IllegalArgumentException(
                    "usage: ./saga token customer <customer id> | operator [name] | admin [name]");
        };
    }
}
