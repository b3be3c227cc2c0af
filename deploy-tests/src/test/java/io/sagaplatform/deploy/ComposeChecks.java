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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/docker-compose.yml against the services' configuration, the code's topics and the PostgreSQL init
 * scripts. Each method returns the problems it found, empty when the file is right.
 */
final class ComposeChecks {

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");
    private static final Pattern TOPIC_LOOP = Pattern.compile("for topic in ([^;]+);");
    private static final Set<String> REQUIRED_ENV = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS");

    private final Path composeFile;
    private final JsonNode compose;
    private final List<ServiceConfig> services;

    ComposeChecks(Path composeFile, List<ServiceConfig> services) {
        this.composeFile = composeFile;
        this.compose = Manifests.parseYaml(ServiceConfig.read(composeFile)).get(0);
        this.services = services;
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

    /** Lint of the file with dclint: the compose-spec schema and its rules, warnings included. */
    List<String> dclint() {
        Tools.Result result = Tools.run(List.of(Tools.dclint().toString(), composeFile.toString(),
                "--max-warnings", "0", "--color", "false"), null);
        return result.ok() ? List.of() : List.of("dclint rejects " + composeFile + ":\n" + result.stdout() + result.stderr());
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

    /** wal_level=logical, and the init scripts create every service's role (with REPLICATION) and database. */
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
        for (ServiceConfig s : services) {
            if (!Pattern.compile("CREATE ROLE " + s.username() + " LOGIN REPLICATION PASSWORD").matcher(normalized).find()) {
                problems.add("the init scripts create no LOGIN REPLICATION role " + s.username());
            }
            if (!normalized.contains("CREATE DATABASE " + s.database() + " OWNER " + s.username())) {
                problems.add("the init scripts create no database " + s.database() + " owned by " + s.username());
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
            if (!health.contains("localhost:" + s.port() + "/q/health/ready")) {
                problems.add(name + ": its healthcheck must probe http://localhost:" + s.port() + "/q/health/ready");
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

    List<String> consistency() {
        List<String> problems = new ArrayList<>();
        problems.addAll(kafka());
        problems.addAll(postgres());
        problems.addAll(services());
        return problems;
    }
}
