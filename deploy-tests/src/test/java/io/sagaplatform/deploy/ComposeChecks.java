package io.sagaplatform.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/docker-compose.yml — alone, or merged with override files as {@code docker compose -f … -f …} would —
 * against the services' configuration, the code's topics and the PostgreSQL init scripts. Each method returns
 * the problems it found, empty when the files are right.
 */
final class ComposeChecks {

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");
    private static final Pattern TOPIC_LOOP = Pattern.compile("for topic in ([^;]+);");
    private static final Set<String> REQUIRED_ENV = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS");

    private static final Pattern CREATE_ROLE = Pattern.compile("CREATE ROLE (\\w+)([^;]*);");
    private static final Pattern PASSWORD = Pattern.compile("PASSWORD '([^']*)'");
    private static final Pattern SCRAM_FORMAT = Pattern.compile("(SCRAM-SHA-(?:256|512))=\\[name=");
    private static final Pattern SCRAM_USER = Pattern.compile("\\bscram ([\\w.-]+) ");
    private static final Pattern JAAS_USER = Pattern.compile("username=\\\\?\"([^\"\\\\]+)\\\\?\"");
    private static final Pattern ACL_LINE = Pattern.compile("^\\s*(consumes|consumes_in_group|produces|reads|describes_groups) ([\\w.-]+)((?: [\\w.-]+)*)\\s*$", Pattern.MULTILINE);
    private static final Pattern BOOTSTRAP_ARG = Pattern.compile("--bootstrap-server ([\\w.-]+):(\\d+)");

    private final Path composeFile;
    private final List<Path> files;
    private final JsonNode compose;
    private final List<ServiceConfig> services;

    ComposeChecks(Path composeFile, List<ServiceConfig> services) {
        this(List.of(composeFile), services);
    }

    /** The first file and the overrides after it, merged in order (relative paths resolve from the first's directory). */
    ComposeChecks(List<Path> files, List<ServiceConfig> services) {
        this.files = List.copyOf(files);
        this.composeFile = files.get(0);
        JsonNode merged = null;
        for (Path file : files) {
            JsonNode next = Manifests.parseYaml(ServiceConfig.read(file)).get(0);
            merged = merged == null ? next : merge(merged, next, "");
        }
        this.compose = merged;
        this.services = services;
    }

    /**
     * Compose's merge of an override into a base, for the keys these files use: mappings merge key by key;
     * {@code command}, {@code entrypoint} and a health check's {@code test} are replaced; other sequences (ports,
     * volumes) get the override's entries appended.
     */
    static JsonNode merge(JsonNode base, JsonNode override, String key) {
        if (base instanceof com.fasterxml.jackson.databind.node.ObjectNode baseObject && override.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode result = baseObject.deepCopy();
            override.fields().forEachRemaining(e -> result.set(e.getKey(),
                    result.has(e.getKey()) ? merge(result.get(e.getKey()), e.getValue(), e.getKey()) : e.getValue()));
            return result;
        }
        if (base.isArray() && override.isArray() && !Set.of("command", "entrypoint", "test").contains(key)) {
            com.fasterxml.jackson.databind.node.ArrayNode result = ((com.fasterxml.jackson.databind.node.ArrayNode) base).deepCopy();
            override.forEach(item -> {
                if (!KubernetesChecks.list(result).contains(item)) {
                    result.add(item);
                }
            });
            return result;
        }
        return override;
    }

    private static String script(JsonNode service, String key) {
        return String.join("\n", KubernetesChecks.list(service.path(key)).stream().map(JsonNode::asText).toList());
    }

    private JsonNode service(String name) {
        return compose.path("services").path(name);
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    /**
     * Each file against the compose-spec JSON schema (as {@code docker compose config} checks it), and the rules of
     * dclint that are more than layout: the project is named and no {@code version} field is left, no service both
     * builds and pulls an image, every published port is bound to an interface, no host port is published twice and
     * no container name is taken twice.
     */
    List<String> lint() {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            JsonNode doc = Manifests.parseYaml(ServiceConfig.read(file)).get(0);
            problems.addAll(Schemas.problems(Schemas.COMPOSE, doc, file.getFileName().toString()));
            if (!doc.path("name").isTextual()) {
                problems.add(file.getFileName() + ": no project name (top-level name)");
            }
            if (doc.has("version")) {
                problems.add(file.getFileName() + ": the version field is obsolete; remove it");
            }
        }
        Map<String, String> published = new HashMap<>();
        Map<String, String> containerNames = new HashMap<>();
        compose.path("services").fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (e.getValue().has("build") && e.getValue().has("image")) {
                problems.add(name + ": both build and image");
            }
            String containerName = e.getValue().path("container_name").asText(null);
            String holder = containerName == null ? null : containerNames.put(containerName, name);
            if (holder != null) {
                problems.add(name + ": container_name " + containerName + " is taken by " + holder);
            }
            for (JsonNode port : KubernetesChecks.list(e.getValue().path("ports"))) {
                String[] parts = port.asText().split(":");
                if (parts.length != 3) {
                    problems.add(name + ": port " + port.asText() + " is not bound to an interface (host:port:port)");
                    continue;
                }
                String other = published.put(parts[0] + ":" + parts[1], name);
                if (other != null) {
                    problems.add(name + ": host port " + parts[0] + ":" + parts[1] + " is published by " + other + " too");
                }
            }
        });
        return problems;
    }

    /** Every image the stack runs or builds from carries an exact tag: no latest, no major-only tag. */
    List<String> images() {
        List<String> problems = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText(null);
            if (image != null) {
                KubernetesChecks.exactTag(image).ifPresent(p -> problems.add(e.getKey() + ": " + p));
            }
            JsonNode build = e.getValue().path("build");
            if (build.isObject()) {
                Path dockerfile = composeFile.getParent().resolve(build.path("context").asText())
                        .resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
                ServiceConfig.read(dockerfile).lines().filter(l -> l.startsWith("FROM "))
                        .forEach(from -> KubernetesChecks.exactTag(from.split("\\s+")[1])
                                .ifPresent(p -> problems.add(e.getKey() + " (" + dockerfile.getFileName() + "): " + p)));
            }
        });
        return problems;
    }

    /** One KRaft broker that advertises the address the services use, and exactly the code's topics. */
    List<String> kafka() {
        List<String> problems = new ArrayList<>();
        JsonNode kafka = service("kafka");
        if (!kafka.path("image").asText().startsWith("apache/kafka:")) {
            problems.add("service kafka must run the apache/kafka image");
        }
        Map<String, String> env = environment(kafka);
        String roles = env.getOrDefault("KAFKA_PROCESS_ROLES", "");
        if (!roles.contains("broker") || !roles.contains("controller")) {
            problems.add("kafka: KAFKA_PROCESS_ROLES must be broker,controller (KRaft)");
        }
        if (env.keySet().stream().anyMatch(k -> k.contains("ZOOKEEPER"))) {
            problems.add("kafka: no ZooKeeper in KRaft mode");
        }
        Set<String> advertised = new TreeSet<>();
        for (String listener : env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
            advertised.add(listener.replaceFirst("^[A-Z_]+://", ""));
        }
        for (ServiceConfig s : services) {
            String bootstrap = environment(service(s.name())).get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null && !advertised.contains(bootstrap)) {
                problems.add(s.name() + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not advertised by kafka " + advertised);
            }
        }
        String script = String.join("\n", KubernetesChecks.list(service("kafka-topics").path("command")).stream()
                .map(JsonNode::asText).toList());
        Matcher loop = TOPIC_LOOP.matcher(script);
        Set<String> created = loop.find() ? new TreeSet<>(Arrays.asList(loop.group(1).trim().split("\\s+"))) : Set.of();
        Set<String> expected = new TreeSet<>(ServiceConfig.expectedTopics(services));
        if (!created.equals(expected)) {
            problems.add("kafka-topics creates " + created + ", the code uses " + expected);
        }
        return problems;
    }

    /**
     * wal_level=logical; the init scripts create every service's database, owned by its application role (no
     * REPLICATION), and the replication role its relay logs in as, with the password the service is given.
     */
    List<String> postgres() {
        List<String> problems = new ArrayList<>();
        JsonNode postgres = service("postgres");
        String command = String.join(" ", KubernetesChecks.list(postgres.path("command")).stream().map(JsonNode::asText).toList());
        if (!command.contains("wal_level=logical")) {
            problems.add("postgres must run with wal_level=logical (Debezium)");
        }
        Path initDir = null;
        for (JsonNode volume : KubernetesChecks.list(postgres.path("volumes"))) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals("/docker-entrypoint-initdb.d")) {
                initDir = composeFile.getParent().resolve(parts[0]).normalize();
            }
        }
        if (initDir == null || !Files.isDirectory(initDir)) {
            problems.add("postgres mounts no init script directory at /docker-entrypoint-initdb.d");
            return problems;
        }
        String sql;
        try (Stream<Path> files = Files.list(initDir)) {
            sql = String.join("\n", files.filter(f -> f.toString().endsWith(".sql")).sorted().map(ServiceConfig::read).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String normalized = sql.replaceAll("--[^\n]*", "").replaceAll("\\s+", " ");
        Map<String, String> roles = new HashMap<>();
        Matcher role = CREATE_ROLE.matcher(normalized);
        while (role.find()) {
            roles.put(role.group(1), role.group(2));
        }
        for (ServiceConfig s : services) {
            String attributes = roles.get(s.username());
            if (attributes == null || !attributes.contains(" LOGIN") || !attributes.contains(" PASSWORD ")) {
                problems.add("the init scripts create no LOGIN role " + s.username() + " with a password");
            } else if (replication(attributes)) {
                problems.add("the init scripts give the application role " + s.username()
                        + " REPLICATION: only its relay's role may stream WAL");
            }
            if (!normalized.contains("CREATE DATABASE " + s.database() + " OWNER " + s.username())) {
                problems.add("the init scripts create no database " + s.database() + " owned by " + s.username());
            }
            Map<String, String> env = environment(service(s.name()));
            String relay = env.get("SAGA_MESSAGING_RELAY_REPLICATION_USER");
            if (relay == null || relay.equals(s.username())) {
                problems.add(s.name() + ": SAGA_MESSAGING_RELAY_REPLICATION_USER must name the relay's own role, not "
                        + (relay == null ? "nothing (the application role)" : relay));
                continue;
            }
            String relayAttributes = roles.get(relay);
            if (relayAttributes == null || !relayAttributes.contains(" LOGIN") || !replication(relayAttributes)) {
                problems.add("the init scripts create no LOGIN REPLICATION role " + relay + " for " + s.name() + "'s relay");
                continue;
            }
            Matcher password = PASSWORD.matcher(relayAttributes);
            if (!password.find() || !password.group(1).equals(env.get("SAGA_MESSAGING_RELAY_REPLICATION_PASSWORD"))) {
                problems.add(s.name() + ": SAGA_MESSAGING_RELAY_REPLICATION_PASSWORD is not role " + relay + "'s password");
            }
        }
        return problems;
    }

    private static boolean replication(String roleAttributes) {
        return Pattern.compile("(?<!NO)REPLICATION").matcher(roleAttributes).find();
    }

    /**
     * Every service verifies bearer tokens: MP_JWT_VERIFY_PUBLICKEY_LOCATION is an https URL or a file the service
     * mounts read-only, or the key is given inline.
     */
    List<String> access() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig s : services) {
            JsonNode service = service(s.name());
            Map<String, String> env = environment(service);
            String location = env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            if (location == null) {
                if (!env.containsKey("MP_JWT_VERIFY_PUBLICKEY")) {
                    problems.add(s.name() + ": no MP_JWT_VERIFY_PUBLICKEY_LOCATION (nor MP_JWT_VERIFY_PUBLICKEY): every request"
                            + " with a token would be a 401");
                }
                continue;
            }
            if (location.startsWith("http://")) {
                problems.add(s.name() + ": the token key must not be fetched over plain http (" + location + ")");
            } else if (!location.startsWith("https://")) {
                String path = location.replaceFirst("^file:", "");
                boolean mounted = KubernetesChecks.list(service.path("volumes")).stream().anyMatch(v -> v.isObject()
                        ? v.path("target").asText().equals(path) && v.path("read_only").asBoolean()
                        : v.asText().matches(".*:" + Pattern.quote(path) + ":ro"));
                if (!mounted) {
                    problems.add(s.name() + ": MP_JWT_VERIFY_PUBLICKEY_LOCATION " + location + " is no read-only mount of it");
                }
            }
        }
        return problems;
    }

    /**
     * Kafka security as the services see it: on a SASL listener every service logs in with the broker's mechanism
     * as its own SCRAM user, created when the storage was formatted, and the ACLs the topic job creates give it
     * exactly its inbound topics (with its group), what its own channels read (with their groups,
     * {@code consumes_in_group}), what it publishes, its dead-letter topics and Describe on the
     * groups of the services it sends commands to ({@link ServiceConfig#describesGroups}); the topic job and
     * the broker's health check can still get in. On a plain listener no service is configured for SASL.
     */
    List<String> kafkaSecurity() {
        List<String> problems = new ArrayList<>();
        Map<String, String> broker = environment(service("kafka"));
        Map<String, String> protocols = new HashMap<>();
        for (String entry : broker.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(",")) {
            String[] kv = entry.split(":", 2);
            if (kv.length == 2) {
                protocols.put(kv[0].trim(), kv[1].trim());
            }
        }
        Map<String, String> listenerOf = new HashMap<>();
        for (String listener : broker.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
            String[] nameAddress = listener.split("://", 2);
            if (nameAddress.length == 2) {
                listenerOf.put(nameAddress[1], nameAddress[0]);
            }
        }
        String kafkaCommand = script(service("kafka"), "command");
        Set<String> scramUsers = new TreeSet<>();
        Matcher user = SCRAM_USER.matcher(kafkaCommand);
        while (user.find()) {
            scramUsers.add(user.group(1));
        }
        Matcher formatMechanism = SCRAM_FORMAT.matcher(kafkaCommand);
        String storedMechanism = formatMechanism.find() ? formatMechanism.group(1) : null;
        Set<String> enabled = Set.of(broker.getOrDefault("KAFKA_SASL_ENABLED_MECHANISMS", "GSSAPI").split(","));
        boolean authorizer = broker.containsKey("KAFKA_AUTHORIZER_CLASS_NAME");
        Set<String> superUsers = Set.of(broker.getOrDefault("KAFKA_SUPER_USERS", "").split(";"));

        Map<String, Set<String>> consumes = new HashMap<>();
        Map<String, Set<String>> produces = new HashMap<>();
        Map<String, Set<String>> describesGroups = new HashMap<>();
        Map<String, Set<String>> readsWithoutGroup = new HashMap<>();
        String topicJob = script(service("kafka-topics"), "command");
        Map<String, Map<String, Set<String>>> consumesInGroup = new HashMap<>();
        Matcher acl = ACL_LINE.matcher(topicJob);
        while (acl.find()) {
            if (acl.group(1).equals("consumes_in_group")) {
                List<String> groupAndTopics = Arrays.asList(acl.group(3).trim().split(" "));
                consumesInGroup.computeIfAbsent(acl.group(2), k -> new TreeMap<>())
                        .computeIfAbsent(groupAndTopics.get(0), k -> new TreeSet<>())
                        .addAll(groupAndTopics.subList(1, groupAndTopics.size()));
                continue;
            }
            Map<String, Set<String>> kind = switch (acl.group(1)) {
                case "consumes" -> consumes;
                case "produces" -> produces;
                case "reads" -> readsWithoutGroup;
                default -> describesGroups;
            };
            kind.computeIfAbsent(acl.group(2), k -> new TreeSet<>()).addAll(Arrays.asList(acl.group(3).trim().split(" ")));
        }

        for (ServiceConfig s : services) {
            Map<String, String> env = environment(service(s.name()));
            String protocol = protocols.getOrDefault(listenerOf.get(env.get("KAFKA_BOOTSTRAP_SERVERS")), "PLAINTEXT");
            String configured = env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
            if (!configured.equals(protocol)) {
                problems.add(s.name() + ": KAFKA_SECURITY_PROTOCOL " + configured + " but its listener speaks " + protocol);
            }
            if (!protocol.startsWith("SASL_")) {
                env.keySet().stream().filter(k -> k.startsWith("KAFKA_SASL_"))
                        .forEach(k -> problems.add(s.name() + ": " + k + " is set but its listener has no SASL"));
                continue;
            }
            String mechanism = env.get("KAFKA_SASL_MECHANISM");
            if (mechanism == null || !enabled.contains(mechanism)) {
                problems.add(s.name() + ": KAFKA_SASL_MECHANISM " + mechanism + " is not enabled on the broker " + enabled);
            } else if (mechanism.startsWith("SCRAM-") && !mechanism.equals(storedMechanism)) {
                problems.add(s.name() + ": logs in with " + mechanism + " but the broker stores " + storedMechanism + " credentials");
            }
            String jaas = env.getOrDefault("KAFKA_SASL_JAAS_CONFIG", "");
            Matcher jaasUser = JAAS_USER.matcher(jaas);
            if (!jaas.startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required ") || !jaasUser.find()) {
                problems.add(s.name() + ": KAFKA_SASL_JAAS_CONFIG must be a ScramLoginModule login with a username and password");
                continue;
            }
            if (!jaasUser.group(1).equals(s.name())) {
                problems.add(s.name() + ": logs in to Kafka as " + jaasUser.group(1) + ", not as its own user " + s.name());
            }
            if (!scramUsers.contains(jaasUser.group(1))) {
                problems.add(s.name() + ": its Kafka user " + jaasUser.group(1) + " is not created at format time " + scramUsers);
            }
            if (!jaas.matches(".*password=\"\\$\\{[A-Z0-9_]+:\\?[^}]*}\";")) {
                problems.add(s.name() + ": its Kafka password must come from a required variable (${NAME:?…}), not the file");
            }
            if (authorizer) {
                Set<String> reads = consumes.getOrDefault(s.name(), Set.of());
                if (!reads.equals(new TreeSet<>(s.inboundTopics()))) {
                    problems.add(s.name() + ": ACLs let it consume " + reads + ", it consumes " + new TreeSet<>(s.inboundTopics()));
                }
                Map<String, Set<String>> inGroups = consumesInGroup.getOrDefault(s.name(), Map.of());
                if (!inGroups.equals(s.channelGroups())) {
                    problems.add(s.name() + ": ACLs let it consume in its other groups " + new TreeMap<>(inGroups)
                            + ", it consumes " + new TreeMap<>(s.channelGroups()));
                }
                Set<String> writes = produces.getOrDefault(s.name(), Set.of());
                if (!writes.equals(s.writesTo())) {
                    problems.add(s.name() + ": ACLs let it write " + writes + ", it writes " + s.writesTo());
                }
                Set<String> browses = readsWithoutGroup.getOrDefault(s.name(), Set.of());
                if (!browses.equals(s.readsWithoutGroup())) {
                    problems.add(s.name() + ": ACLs let it read without a group " + browses + ", it reads "
                            + new TreeSet<>(s.readsWithoutGroup()));
                }
                Set<String> groups = describesGroups.getOrDefault(s.name(), Set.of());
                Set<String> missing = new TreeSet<>(s.describesGroups(services));
                missing.removeAll(groups);
                Set<String> extra = new TreeSet<>(groups);
                extra.removeAll(s.describesGroups(services));
                if (!missing.isEmpty()) {
                    problems.add(s.name() + ": ACLs lack Describe on the consumer groups " + missing
                            + ", whose offsets it reads for the commands it sends");
                }
                if (!extra.isEmpty()) {
                    problems.add(s.name() + ": ACLs allow more than the service does: Describe on the consumer groups " + extra);
                }
            }
        }
        boolean anySasl = protocols.values().stream().anyMatch(p -> p.startsWith("SASL_"));
        if (anySasl) {
            Matcher jobUser = JAAS_USER.matcher(topicJob);
            if (!topicJob.contains("--command-config") || !jobUser.find() || !scramUsers.contains(jobUser.group(1))) {
                problems.add("kafka-topics must log in (--command-config) as a user created at format time");
            } else if (authorizer && !superUsers.contains("User:" + jobUser.group(1))) {
                problems.add("kafka-topics logs in as " + jobUser.group(1) + ", who is no super user: it cannot create topics and ACLs");
            }
            String healthCheck = script(service("kafka").path("healthcheck"), "test");
            Matcher health = BOOTSTRAP_ARG.matcher(healthCheck);
            if (health.find()) {
                String listener = listenerOf.get(health.group(1) + ":" + health.group(2));
                String healthProtocol = protocols.getOrDefault(listener, "");
                if (!healthProtocol.equals("PLAINTEXT") && !healthCheck.contains("--command-config")) {
                    problems.add("kafka's health check connects to " + health.group(1) + ":" + health.group(2) + " (" + listener
                            + ", " + healthProtocol + ") without credentials: it would never be healthy");
                }
            }
        }
        return problems;
    }

    /** Image, ports, environment, health check and start order of every service. */
    List<String> services() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig s : services) {
            String name = s.name();
            JsonNode service = service(name);
            if (service.isMissingNode()) {
                problems.add("no compose service " + name);
                continue;
            }
            String dockerfile = service.path("build").path("dockerfile").asText();
            Path context = composeFile.getParent().resolve(service.path("build").path("context").asText()).normalize();
            if (!dockerfile.equals("src/main/docker/Dockerfile.jvm") || !Files.isRegularFile(context.resolve(dockerfile))
                    || !context.getFileName().toString().equals(name)) {
                problems.add(name + ": must build from its module's src/main/docker/Dockerfile.jvm");
            }
            if (!dockerignoreKeepsOnlyTheApplication(context)) {
                problems.add(name + ": " + context.getFileName() + "/.dockerignore must leave everything but"
                        + " target/quarkus-app/ (and src/main/docker/) out of the build context");
            }
            if (s.exposedPort().isEmpty() || s.exposedPort().get() != s.port()) {
                problems.add(name + ": Dockerfile.jvm must EXPOSE " + s.port());
            }
            boolean published = KubernetesChecks.list(service.path("ports")).stream()
                    .anyMatch(p -> p.asText().endsWith(":" + s.port()));
            if (!published) {
                problems.add(name + ": container port " + s.port() + " (quarkus.http.port) is not published");
            }
            Map<String, String> env = environment(service);
            env.keySet().stream().filter(v -> !s.understands(v)).forEach(v -> problems.add(
                    name + ": environment variable " + v + " maps to no property of its configuration nor an ENV of its image"));
            REQUIRED_ENV.stream().filter(v -> !env.containsKey(v))
                    .forEach(v -> problems.add(name + ": " + v + " is not set (the default points at localhost)"));
            String port = env.get("QUARKUS_HTTP_PORT");
            if (port != null && !port.equals(Integer.toString(s.port()))) {
                problems.add(name + ": QUARKUS_HTTP_PORT " + port + " differs from quarkus.http.port " + s.port());
            }
            String managementPort = env.get("QUARKUS_MANAGEMENT_PORT");
            if (managementPort != null && !managementPort.equals(Integer.toString(s.managementPort()))) {
                problems.add(name + ": QUARKUS_MANAGEMENT_PORT " + managementPort + " differs from quarkus.management.port "
                        + s.managementPort());
            }
            String jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
            if (jdbc != null) {
                Matcher url = JDBC.matcher(jdbc);
                if (!url.matches() || compose.path("services").path(url.group(1)).isMissingNode()
                        || !url.group(3).equals(s.database())) {
                    problems.add(name + ": QUARKUS_DATASOURCE_JDBC_URL " + jdbc + " must name a compose service and database "
                            + s.database());
                }
            }
            if (env.containsKey("QUARKUS_DATASOURCE_USERNAME") && !env.get("QUARKUS_DATASOURCE_USERNAME").equals(s.username())) {
                problems.add(name + ": QUARKUS_DATASOURCE_USERNAME must be its role " + s.username());
            }
            String health = String.join(" ", KubernetesChecks.list(service.path("healthcheck").path("test")).stream()
                    .map(JsonNode::asText).toList());
            if (!health.contains("localhost:" + s.managementPort() + "/q/health/ready")) {
                problems.add(name + ": its healthcheck must probe http://localhost:" + s.managementPort()
                        + "/q/health/ready (the management port)");
            }
            JsonNode dependsOn = service.path("depends_on");
            if (!dependsOn.path("postgres").path("condition").asText().equals("service_healthy")) {
                problems.add(name + ": must wait for postgres to be healthy");
            }
            String topicsCondition = dependsOn.path("kafka-topics").path("condition").asText();
            if (!topicsCondition.equals("service_completed_successfully")) {
                problems.add(name + ": must wait for kafka-topics to complete (its topics exist before it starts)");
            }
        }
        for (String infra : List.of("kafka", "postgres")) {
            if (service(infra).path("healthcheck").path("test").isMissingNode()) {
                problems.add(infra + " has no healthcheck");
            }
        }
        return problems;
    }

    /**
     * Every variable the files require (${NAME:?…}) is listed in .env.example next to them, and the .env it is
     * copied to is ignored by git: the passwords never reach the repository.
     */
    List<String> requiredVariables() {
        List<String> problems = new ArrayList<>();
        Path example = composeFile.getParent().resolve(".env.example");
        Set<String> listed = Files.isRegularFile(example)
                ? ServiceConfig.read(example).lines().filter(l -> l.matches("[A-Z0-9_]+=.*")).map(l -> l.substring(0, l.indexOf('=')))
                        .collect(java.util.stream.Collectors.toSet())
                : Set.of();
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(
                String.join("\n", files.stream().map(ServiceConfig::read).toList()));
        Set<String> missing = new TreeSet<>();
        while (required.find()) {
            if (!listed.contains(required.group(1))) {
                missing.add(required.group(1));
            }
        }
        if (!missing.isEmpty()) {
            problems.add(example + " does not list " + missing + ", which the compose files require");
        }
        Path gitignore = Tools.REPO_ROOT.resolve(".gitignore");
        String ignored = composeFile.getParent().getFileName() + "/.env";
        if (!Files.isRegularFile(gitignore) || ServiceConfig.read(gitignore).lines().noneMatch(l -> l.trim().equals(ignored))) {
            problems.add(".gitignore must ignore " + ignored + " (it holds the passwords)");
        }
        return problems;
    }

    List<String> consistency() {
        List<String> problems = new ArrayList<>();
        problems.addAll(kafka());
        problems.addAll(postgres());
        problems.addAll(services());
        problems.addAll(access());
        problems.addAll(kafkaSecurity());
        return problems;
    }

    private static boolean dockerignoreKeepsOnlyTheApplication(Path context) {
        Path ignore = context.resolve(".dockerignore");
        if (!Files.isRegularFile(ignore)) {
            return false;
        }
        List<String> rules = ServiceConfig.read(ignore).lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return !rules.isEmpty() && rules.get(0).equals("*") && rules.contains("!target/quarkus-app/");
    }

    /** A setting PostgreSQL is started with ({@code -c name=value}), or {@code fallback}. */
    private String postgresSetting(String name, String fallback) {
        List<String> command = KubernetesChecks.list(service("postgres").path("command")).stream()
                .map(JsonNode::asText).toList();
        for (String argument : command) {
            if (argument.startsWith(name + "=")) {
                return argument.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    /**
     * PostgreSQL takes every connection the services may open — each pool at its maximum (Quarkus' default 20
     * unless QUARKUS_DATASOURCE_JDBC_MAX_SIZE says otherwise) plus {@link #RELAY_CONNECTIONS} per relay — and its
     * health check passes only against the real server (over TCP), not the image's init-time server on the socket.
     */
    List<String> connections() {
        List<String> problems = new ArrayList<>();
        int needed = 0;
        for (ServiceConfig s : services) {
            Map<String, String> env = environment(service(s.name()));
            needed += Integer.parseInt(env.getOrDefault("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "20")) + RELAY_CONNECTIONS;
        }
        int max = Integer.parseInt(postgresSetting("max_connections", "100"));
        if (max < needed) {
            problems.add("postgres: max_connections " + max + " is below the " + needed
                    + " connections the services' pools and relays may open");
        }
        String check = String.join(" ", KubernetesChecks.list(service("postgres").path("healthcheck").path("test"))
                .stream().map(JsonNode::asText).toList());
        if (!check.contains("-h 127.0.0.1")) {
            problems.add("postgres: the health check must connect over TCP (-h 127.0.0.1): over the Unix socket it"
                    + " passes against the image's init-time server");
        }
        return problems;
    }

    /** The replication, metadata and offset connections each service's relay holds besides its pool. */
    private static final int RELAY_CONNECTIONS = 3;

    /**
     * With the observability override: Prometheus scrapes exactly every service's /q/metrics at its management port; Grafana
     * gets Prometheus as its default data source and the platform's dashboard provisioned from the file it mounts;
     * every service exports its spans to the trace backend; every image has an exact version.
     */
    List<String> observability() {
        List<String> problems = new ArrayList<>();
        for (String backend : List.of("prometheus", "grafana", "jaeger")) {
            String image = service(backend).path("image").asText();
            if (!image.matches("[\\w./-]+:v?\\d+\\.\\d+\\.\\d+")) {
                problems.add(backend + ": image " + (image.isEmpty() ? "missing" : image) + " must name an exact version");
            }
        }
        Path prometheusConfig = mountedFile(service("prometheus"), "/etc/prometheus/prometheus.yml");
        if (prometheusConfig == null) {
            problems.add("prometheus mounts no /etc/prometheus/prometheus.yml");
        } else {
            Set<String> targets = new TreeSet<>();
            for (JsonNode job : KubernetesChecks.list(Manifests.parseYaml(ServiceConfig.read(prometheusConfig)).get(0)
                    .path("scrape_configs"))) {
                if (!job.path("metrics_path").asText().equals("/q/metrics")) {
                    problems.add("prometheus job " + job.path("job_name").asText() + " must scrape /q/metrics");
                }
                job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
            }
            Set<String> expected = new TreeSet<>(services.stream().map(s -> s.name() + ":" + s.managementPort()).toList());
            if (!targets.equals(expected)) {
                problems.add("prometheus scrapes " + targets + ", the services are " + expected);
            }
        }
        Path provisioning = mountedFile(service("grafana"), "/etc/grafana/provisioning");
        Path dashboard = mountedFile(service("grafana"), "/var/lib/grafana/dashboards/saga-platform.json");
        if (provisioning == null || !Files.isDirectory(provisioning)) {
            problems.add("grafana mounts no provisioning directory at /etc/grafana/provisioning");
        } else {
            JsonNode datasource = Manifests.parseYaml(ServiceConfig.read(
                    provisioning.resolve("datasources/prometheus.yml"))).get(0).path("datasources").path(0);
            if (!datasource.path("type").asText().equals("prometheus")
                    || !datasource.path("url").asText().equals("http://prometheus:9090")
                    || !datasource.path("isDefault").asBoolean()) {
                problems.add("grafana: the default data source must be the prometheus service (http://prometheus:9090)");
            }
            JsonNode provider = Manifests.parseYaml(ServiceConfig.read(
                    provisioning.resolve("dashboards/saga-platform.yml"))).get(0).path("providers").path(0);
            if (!provider.path("options").path("path").asText().equals("/var/lib/grafana/dashboards")) {
                problems.add("grafana: the dashboard provider must load /var/lib/grafana/dashboards");
            }
        }
        if (dashboard == null || !dashboard.equals(Tools.REPO_ROOT.resolve("deploy/grafana/saga-platform.json"))) {
            problems.add("grafana must mount deploy/grafana/saga-platform.json into /var/lib/grafana/dashboards");
        }
        for (ServiceConfig s : services) {
            Map<String, String> env = environment(service(s.name()));
            if (!"false".equals(env.get("QUARKUS_OTEL_SDK_DISABLED"))
                    || !"http://jaeger:4317".equals(env.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))) {
                problems.add(s.name() + ": must export its spans to http://jaeger:4317 (QUARKUS_OTEL_SDK_DISABLED=false)");
            }
        }
        return problems;
    }

    /** The host path a service mounts at {@code target} (short syntax), resolved from the compose file's folder. */
    private Path mountedFile(JsonNode service, String target) {
        for (JsonNode volume : KubernetesChecks.list(service.path("volumes"))) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return composeFile.getParent().resolve(parts[0]).normalize();
            }
        }
        return null;
    }
}
