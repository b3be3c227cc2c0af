package io.sagaplatform.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sagaplatform.stack.StackService;

/**
 * What a rendered overlay must say for the services to work and be operable, checked against the services'
 * own configuration ({@link ServiceConfig}) and the code's topics. Each method returns the problems it
 * found, empty when the manifests are right.
 */
final class KubernetesChecks {

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");
    private static final Set<String> REQUIRED_ENV = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS");
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(password|secret|token|credential|jaas).*");

    private final List<ObjectNode> docs;
    private final List<ServiceConfig> services;

    KubernetesChecks(List<ObjectNode> docs, List<ServiceConfig> services) {
        this.docs = docs;
        this.services = services;
    }

    List<ObjectNode> ofKind(String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** Topic name of a KafkaTopic: spec.topicName, or else its metadata name. */
    static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
    }

    /** Exactly the topics the code uses (and their dead-letter topics), on the Strimzi cluster that exists. */
    List<String> topics() {
        List<String> problems = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        Set<String> clusters = ofKind("Kafka").stream().map(k -> k.path("metadata").path("name").asText())
                .collect(Collectors.toSet());
        for (ObjectNode topic : ofKind("KafkaTopic")) {
            declared.add(topicName(topic));
            String cluster = topic.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (!clusters.contains(cluster)) {
                problems.add("KafkaTopic " + topicName(topic) + " names Kafka cluster '" + cluster + "', which is not declared");
            }
        }
        Set<String> expected = ServiceConfig.expectedTopics(services);
        for (String topic : expected) {
            if (!declared.contains(topic)) {
                problems.add("no KafkaTopic for " + topic + ", which the code uses");
            }
        }
        for (String topic : declared) {
            if (!expected.contains(topic)) {
                problems.add("KafkaTopic " + topic + " is not a topic the code uses");
            }
        }
        return problems;
    }

    /** KRaft node pools, and topic replication the brokers can honour. */
    List<String> kafka() {
        List<String> problems = new ArrayList<>();
        if (ofKind("Kafka").size() != 1) {
            problems.add("expected one Strimzi Kafka, found " + ofKind("Kafka").size());
            return problems;
        }
        int brokers = brokerCount();
        if (brokers == 0) {
            problems.add("no KafkaNodePool with the broker role for the Kafka cluster");
        }
        boolean controllers = ofKind("KafkaNodePool").stream()
                .anyMatch(p -> list(p.path("spec").path("roles")).stream().anyMatch(r -> r.asText().equals("controller")));
        if (!controllers) {
            problems.add("no KafkaNodePool with the controller role: KRaft needs controllers");
        }
        for (ObjectNode topic : ofKind("KafkaTopic")) {
            int replicas = topic.path("spec").path("replicas").asInt();
            int minIsr = topic.path("spec").path("config").path("min.insync.replicas").asInt(1);
            if (replicas > brokers) {
                problems.add("KafkaTopic " + topicName(topic) + " wants " + replicas + " replicas, there are " + brokers + " brokers");
            }
            if (minIsr > replicas) {
                problems.add("KafkaTopic " + topicName(topic) + ": min.insync.replicas " + minIsr + " > replicas " + replicas
                        + " (acks=all sends would always fail)");
            }
        }
        return problems;
    }

    int brokerCount() {
        String cluster = ofKind("Kafka").get(0).path("metadata").path("name").asText();
        return ofKind("KafkaNodePool").stream()
                .filter(p -> p.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(cluster))
                .filter(p -> list(p.path("spec").path("roles")).stream().anyMatch(r -> r.asText().equals("broker")))
                .mapToInt(p -> p.path("spec").path("replicas").asInt())
                .sum();
    }

    /** Ports, environment, database and Kafka coordinates of every service match its configuration. */
    List<String> services() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services) {
            String name = service.name();
            Optional<ObjectNode> deployment = find("Deployment", name);
            if (deployment.isEmpty()) {
                problems.add("no Deployment " + name);
                continue;
            }
            JsonNode pod = deployment.get().path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").path(0);
            Optional<JsonNode> http = list(container.path("ports")).stream()
                    .filter(p -> p.path("name").asText().equals("http")).findFirst();
            if (http.isEmpty() || http.get().path("containerPort").asInt() != service.port()) {
                problems.add(name + ": container port 'http' must be " + service.port() + " (quarkus.http.port)");
            }
            Optional<JsonNode> management = list(container.path("ports")).stream()
                    .filter(p -> p.path("name").asText().equals(MANAGEMENT_PORT)).findFirst();
            if (management.isEmpty() || management.get().path("containerPort").asInt() != service.managementPort()) {
                problems.add(name + ": container port '" + MANAGEMENT_PORT + "' must be " + service.managementPort()
                        + " (quarkus.management.port)");
            }
            if (service.managementPort() != service.port() + StackService.MANAGEMENT_PORT_SHIFT) {
                problems.add(name + ": quarkus.management.port " + service.managementPort() + " must be its HTTP port + "
                        + StackService.MANAGEMENT_PORT_SHIFT + ", as on the local stack");
            }
            problems.addAll(serviceObject(service));
            Map<String, String> env = environment(name, container, problems);
            for (String variable : env.keySet()) {
                if (!service.understands(variable)) {
                    problems.add(name + ": environment variable " + variable
                            + " maps to no property of its configuration nor an ENV of its image");
                }
            }
            for (String required : REQUIRED_ENV) {
                if (!env.containsKey(required)) {
                    problems.add(name + ": " + required + " is not set (the default points at localhost)");
                }
            }
            String port = env.get("QUARKUS_HTTP_PORT");
            if (port != null && !port.equals(Integer.toString(service.port()))) {
                problems.add(name + ": QUARKUS_HTTP_PORT " + port + " differs from quarkus.http.port " + service.port());
            }
            String managementPort = env.get("QUARKUS_MANAGEMENT_PORT");
            if (managementPort != null && !managementPort.equals(Integer.toString(service.managementPort()))) {
                problems.add(name + ": QUARKUS_MANAGEMENT_PORT " + managementPort + " differs from quarkus.management.port "
                        + service.managementPort());
            }
            problems.addAll(database(service, env.get("QUARKUS_DATASOURCE_JDBC_URL"), container));
            problems.addAll(bootstrap(name, env.get("KAFKA_BOOTSTRAP_SERVERS")));
            problems.addAll(probes(name, container));
        }
        return problems;
    }

    private List<String> serviceObject(ServiceConfig service) {
        Optional<ObjectNode> svc = find("Service", service.name());
        if (svc.isEmpty()) {
            return List.of("no Service " + service.name());
        }
        JsonNode port = svc.get().path("spec").path("ports").path(0);
        String target = port.path("targetPort").asText();
        if (port.path("port").asInt() != service.port() || !(target.equals("http") || target.equals(Integer.toString(service.port())))) {
            return List.of("Service " + service.name() + " must expose " + service.port() + " onto the container's http port");
        }
        return List.of();
    }

    /** Plain values (ConfigMaps via envFrom, literal env) and secret-referenced ones, by variable name. */
    private Map<String, String> environment(String name, JsonNode container, List<String> problems) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : list(container.path("envFrom"))) {
            String configMap = from.path("configMapRef").path("name").asText(null);
            if (configMap == null) {
                problems.add(name + ": envFrom must reference ConfigMaps only (secrets by key, in env)");
                continue;
            }
            Optional<ObjectNode> cm = find("ConfigMap", configMap);
            if (cm.isEmpty()) {
                problems.add(name + ": ConfigMap " + configMap + " is referenced but not declared");
                continue;
            }
            cm.get().path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : list(container.path("env"))) {
            env.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText() : "<ref>");
        }
        return env;
    }

    private List<String> database(ServiceConfig service, String jdbcUrl, JsonNode container) {
        List<String> problems = new ArrayList<>();
        String name = service.name();
        if (jdbcUrl == null) {
            return problems;
        }
        Matcher url = JDBC.matcher(jdbcUrl);
        if (!url.matches()) {
            return List.of(name + ": QUARKUS_DATASOURCE_JDBC_URL " + jdbcUrl + " is not jdbc:postgresql://host:port/database");
        }
        if (!url.group(3).equals(service.database())) {
            problems.add(name + ": database " + url.group(3) + " differs from its configuration's " + service.database());
        }
        Set<String> clusters = ofKind("Cluster").stream().map(c -> c.path("metadata").path("name").asText() + "-rw")
                .collect(Collectors.toSet());
        if (!clusters.contains(url.group(1)) || !url.group(2).equals("5432")) {
            problems.add(name + ": JDBC host " + url.group(1) + ":" + url.group(2)
                    + " is not the read-write service of a CloudNativePG Cluster (" + clusters + ", port 5432)");
        }
        boolean databaseDeclared = ofKind("Database").stream().anyMatch(d -> d.path("spec").path("name").asText()
                .equals(service.database()) && d.path("spec").path("owner").asText().equals(service.username()));
        if (!databaseDeclared) {
            problems.add(name + ": no CloudNativePG Database " + service.database() + " owned by " + service.username());
        }
        String userSecret = secretOf(container, "QUARKUS_DATASOURCE_USERNAME");
        String passwordSecret = secretOf(container, "QUARKUS_DATASOURCE_PASSWORD");
        if (userSecret == null || passwordSecret == null || !userSecret.equals(passwordSecret)) {
            problems.add(name + ": the datasource username and password must come from one Secret (secretKeyRef)");
        }
        Optional<JsonNode> role = managedRole(service.username());
        if (role.isEmpty()) {
            problems.add(name + ": no managed role " + service.username() + " in the CloudNativePG Cluster");
        } else {
            if (!role.get().path("login").asBoolean()) {
                problems.add(name + ": role " + service.username() + " needs login");
            }
            if (role.get().path("replication").asBoolean()) {
                problems.add(name + ": the application role " + service.username()
                        + " must not have replication (its relay streams as its own role)");
            }
            if (!Objects.equals(role.get().path("passwordSecret").path("name").asText(null), passwordSecret)) {
                problems.add(name + ": role " + service.username() + " takes its password from another Secret than the service ("
                        + passwordSecret + ")");
            }
        }
        problems.addAll(relayRole(service, container, passwordSecret));
        return problems;
    }

    private Optional<JsonNode> managedRole(String roleName) {
        return managedRoles().filter(r -> r.path("name").asText().equals(roleName)).findFirst();
    }

    private java.util.stream.Stream<JsonNode> managedRoles() {
        return ofKind("Cluster").stream().flatMap(c -> list(c.path("spec").path("managed").path("roles")).stream());
    }

    /**
     * The relay logs in as its own replication role: user and password from one Secret (not the application's),
     * which is the passwordSecret of a managed role with login and replication and no other power. CloudNativePG
     * insists that the Secret's username is the role's name, so the Secret ties the two together.
     */
    private List<String> relayRole(ServiceConfig service, JsonNode container, String applicationSecret) {
        String name = service.name();
        String userSecret = secretOf(container, "SAGA_MESSAGING_RELAY_REPLICATION_USER");
        String passwordSecret = secretOf(container, "SAGA_MESSAGING_RELAY_REPLICATION_PASSWORD");
        if (userSecret == null || !userSecret.equals(passwordSecret)) {
            return List.of(name + ": SAGA_MESSAGING_RELAY_REPLICATION_USER and _PASSWORD must come from one Secret (secretKeyRef)"
                    + " — without them the relay streams as the application role, which has no replication right");
        }
        if (userSecret.equals(applicationSecret)) {
            return List.of(name + ": the relay's role must not be the application role (Secret " + userSecret + ")");
        }
        List<JsonNode> roles = managedRoles().filter(r -> userSecret.equals(r.path("passwordSecret").path("name").asText(null)))
                .toList();
        if (roles.size() != 1) {
            return List.of(name + ": no single managed role takes its password from the relay's Secret " + userSecret);
        }
        JsonNode role = roles.get(0);
        List<String> problems = new ArrayList<>();
        if (!role.path("login").asBoolean() || !role.path("replication").asBoolean()) {
            problems.add(name + ": the relay's role " + role.path("name").asText() + " needs login and replication (Debezium)");
        }
        for (String power : List.of("superuser", "createdb", "createrole", "bypassrls")) {
            if (role.path(power).asBoolean()) {
                problems.add(name + ": the relay's role " + role.path("name").asText() + " must not have " + power);
            }
        }
        return problems;
    }

    /** Only the relays' roles may stream WAL: no role that owns a Database has replication. */
    List<String> roles() {
        List<String> problems = new ArrayList<>();
        Set<String> owners = ofKind("Database").stream().map(d -> d.path("spec").path("owner").asText()).collect(Collectors.toSet());
        managedRoles().filter(r -> owners.contains(r.path("name").asText()) && r.path("replication").asBoolean())
                .forEach(r -> problems.add("role " + r.path("name").asText() + " owns a database and has replication"));
        return problems;
    }

    private static String secretOf(JsonNode container, String variable) {
        return list(container.path("env")).stream().filter(v -> v.path("name").asText().equals(variable))
                .map(v -> v.path("valueFrom").path("secretKeyRef").path("name").asText(null))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private List<String> bootstrap(String name, String bootstrap) {
        if (bootstrap == null || ofKind("Kafka").isEmpty()) {
            return List.of();
        }
        ObjectNode kafka = ofKind("Kafka").get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        Set<String> valid = list(kafka.path("spec").path("kafka").path("listeners")).stream()
                .filter(l -> !l.path("tls").asBoolean())
                .map(l -> cluster + "-kafka-bootstrap:" + l.path("port").asInt())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return valid.contains(bootstrap) ? List.of()
                : List.of(name + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is none of the plain listeners " + valid);
    }

    private static List<String> probes(String name, JsonNode container) {
        List<String> problems = new ArrayList<>();
        Map<String, String> expected = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        expected.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            if (!get.path("path").asText().equals(path) || !get.path("port").asText().equals(MANAGEMENT_PORT)) {
                problems.add(name + ": " + probe + " must GET " + path + " on the " + MANAGEMENT_PORT
                        + " port (health is not served on http)");
            }
        });
        return problems;
    }

    // A tag that names one release: digits with at least one dot (4.1.1, 15.14, v3.5.0, 0.1.0-SNAPSHOT), or a digest.
    private static final Pattern EXACT_TAG = Pattern.compile("v?\\d+(\\.\\d+)+([.-][\\w.-]+)?");

    /** Why {@code image} has no exact tag, or nothing: no tag, {@code latest}, a major-only tag are refused. */
    static Optional<String> exactTag(String image) {
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash + 1) {
            return Optional.of("image " + image + " has no tag (it pulls latest)");
        }
        String tag = image.substring(colon + 1);
        return EXACT_TAG.matcher(tag).matches() ? Optional.empty()
                : Optional.of("image " + image + " has tag '" + tag + "', which is no exact release");
    }

    /** Every container image of a Deployment and PostgreSQL's image carry an exact tag. */
    List<String> images() {
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : ofKind("Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (String containers : List.of("initContainers", "containers")) {
                for (JsonNode container : list(pod.path(containers))) {
                    exactTag(container.path("image").asText()).ifPresent(p -> problems.add(Manifests.describe(deployment) + ": " + p));
                }
            }
        }
        for (ObjectNode cluster : ofKind("Cluster")) {
            exactTag(cluster.path("spec").path("imageName").asText())
                    .ifPresent(p -> problems.add(Manifests.describe(cluster) + ": " + p));
        }
        return problems;
    }

    /**
     * The overlay's Namespace enforces the Pod Security {@code restricted} profile — so a pod that is not restricted,
     * Strimzi's included, is refused admission — and warns at that level too.
     */
    List<String> namespaceEnforcesRestricted() {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> namespaces = ofKind("Namespace");
        if (namespaces.isEmpty()) {
            problems.add("the overlay creates no Namespace");
        }
        for (ObjectNode namespace : namespaces) {
            JsonNode labels = namespace.path("metadata").path("labels");
            for (String mode : List.of("enforce", "warn")) {
                String level = labels.path("pod-security.kubernetes.io/" + mode).asText();
                if (!level.equals("restricted")) {
                    problems.add(Manifests.describe(namespace) + ": pod-security.kubernetes.io/" + mode
                            + " must be restricted, is '" + level + "'");
                }
            }
        }
        return problems;
    }

    /** Restricted pods: non-root as the image's user, read-only root, no escalation, requests and limits. */
    List<String> podSecurityAndResources() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services) {
            Optional<ObjectNode> deployment = find("Deployment", service.name());
            if (deployment.isEmpty()) {
                continue;
            }
            String name = service.name();
            JsonNode pod = deployment.get().path("spec").path("template").path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            restrictedPod(name, podSecurity, problems);
            service.imageUser().ifPresent(user -> {
                if (!podSecurity.path("runAsUser").asText().equals(user)) {
                    problems.add(name + ": runAsUser must be the image's USER " + user);
                }
            });
            for (JsonNode container : list(pod.path("containers"))) {
                JsonNode security = container.path("securityContext");
                restrictedContainer(name, security, problems);
                if (!security.path("readOnlyRootFilesystem").asBoolean()) {
                    problems.add(name + ": readOnlyRootFilesystem must be true");
                }
                boolean tmp = list(container.path("volumeMounts")).stream().anyMatch(m -> m.path("mountPath").asText().equals("/tmp"));
                if (!tmp) {
                    problems.add(name + ": a read-only root needs a writable /tmp volume");
                }
                for (String bound : List.of("requests", "limits")) {
                    JsonNode resources = container.path("resources").path(bound);
                    if (resources.path("memory").isMissingNode() || (bound.equals("requests") && resources.path("cpu").isMissingNode())) {
                        problems.add(name + ": resources." + bound + " must set memory" + (bound.equals("requests") ? " and cpu" : ""));
                    }
                }
            }
        }
        return problems;
    }

    /** Pod Security {@code restricted}, pod level: non-root, RuntimeDefault seccomp. */
    private static void restrictedPod(String name, JsonNode podSecurity, List<String> problems) {
        if (!podSecurity.path("runAsNonRoot").asBoolean()) {
            problems.add(name + ": pod securityContext.runAsNonRoot must be true");
        }
        if (!podSecurity.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
            problems.add(name + ": pod seccompProfile must be RuntimeDefault");
        }
    }

    /** Pod Security {@code restricted}, container level: no privilege, no escalation, every capability dropped. */
    private static void restrictedContainer(String name, JsonNode security, List<String> problems) {
        if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(name + ": allowPrivilegeEscalation must be false");
        }
        if (security.path("privileged").asBoolean()) {
            problems.add(name + ": must not be privileged");
        }
        if (list(security.path("capabilities").path("drop")).stream().noneMatch(c -> c.asText().equals("ALL"))) {
            problems.add(name + ": capabilities must drop ALL");
        }
    }

    /**
     * Strimzi's pods meet Pod Security {@code restricted} by the resources' own templates, whatever the Cluster
     * Operator's pod-security provider: the brokers' (the Kafka's, or a KafkaNodePool's that replaces it) and the
     * entity operator's, with a container template for each operator it runs.
     */
    List<String> strimziRestricted() {
        List<String> problems = new ArrayList<>();
        for (ObjectNode kafka : ofKind("Kafka")) {
            JsonNode template = kafka.path("spec").path("kafka").path("template");
            List<ObjectNode> pools = ofKind("KafkaNodePool").stream().filter(p -> p.path("metadata").path("labels")
                    .path("strimzi.io/cluster").asText().equals(kafka.path("metadata").path("name").asText())).toList();
            for (ObjectNode pool : pools) {
                JsonNode own = pool.path("spec").path("template");
                String name = Manifests.describe(pool);
                restrictedPod(name, (own.has("pod") ? own : template).path("pod").path("securityContext"), problems);
                for (String container : List.of("kafkaContainer", "initContainer")) {
                    restrictedContainer(name + " " + container,
                            (own.has(container) ? own : template).path(container).path("securityContext"), problems);
                }
            }
            JsonNode entityOperator = kafka.path("spec").path("entityOperator");
            if (!entityOperator.isMissingNode()) {
                String name = Manifests.describe(kafka) + " entityOperator";
                JsonNode eoTemplate = entityOperator.path("template");
                restrictedPod(name, eoTemplate.path("pod").path("securityContext"), problems);
                for (String operator : List.of("topicOperator", "userOperator")) {
                    if (entityOperator.has(operator)) {
                        restrictedContainer(name + " " + operator,
                                eoTemplate.path(operator + "Container").path("securityContext"), problems);
                    }
                }
            }
        }
        return problems;
    }

    /** A PodDisruptionBudget and an HPA for every service; HPAs never beyond the partitions they can consume. */
    /** The replication, metadata and offset connections each pod's relay may hold besides its pool. */
    static final int RELAY_CONNECTIONS = 3;
    /** PostgreSQL's default superuser_reserved_connections: not for the services. */
    private static final int RESERVED_CONNECTIONS = 3;

    /**
     * PostgreSQL takes every connection the services may open at their autoscalers' maximum: per service, HPA
     * maxReplicas × (its pool's maximum — QUARKUS_DATASOURCE_JDBC_MAX_SIZE in its ConfigMap or env, Quarkus' 20
     * by default — plus {@link #RELAY_CONNECTIONS}), summed, within the Cluster's max_connections less the
     * superuser's reserve.
     */
    List<String> connections() {
        List<String> problems = new ArrayList<>();
        int needed = 0;
        StringBuilder sum = new StringBuilder();
        for (ServiceConfig service : services) {
            Optional<ObjectNode> deployment = find("Deployment", service.name());
            if (deployment.isEmpty()) {
                continue;
            }
            int replicas = ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(service.name()))
                    .mapToInt(h -> h.path("spec").path("maxReplicas").asInt())
                    .findFirst().orElse(deployment.get().path("spec").path("replicas").asInt(1));
            int pool = poolMaxSize(deployment.get());
            needed += replicas * (pool + RELAY_CONNECTIONS);
            sum.append(sum.length() == 0 ? "" : " + ").append(replicas).append("×(").append(pool).append('+')
                    .append(RELAY_CONNECTIONS).append(')');
        }
        for (ObjectNode cluster : ofKind("Cluster")) {
            int max = cluster.path("spec").path("postgresql").path("parameters").path("max_connections").asInt(100);
            if (max - RESERVED_CONNECTIONS < needed) {
                problems.add("Cluster " + cluster.path("metadata").path("name").asText() + ": max_connections " + max
                        + " leaves " + (max - RESERVED_CONNECTIONS) + " for the services, which may open " + sum + " = "
                        + needed + " at their autoscalers' maximum");
            }
        }
        return problems;
    }

    /** QUARKUS_DATASOURCE_JDBC_MAX_SIZE as the pod gets it (env, else a ConfigMap it takes whole), else 20. */
    private int poolMaxSize(ObjectNode deployment) {
        for (JsonNode container : list(deployment.path("spec").path("template").path("spec").path("containers"))) {
            for (JsonNode env : list(container.path("env"))) {
                if (env.path("name").asText().equals("QUARKUS_DATASOURCE_JDBC_MAX_SIZE") && env.has("value")) {
                    return Integer.parseInt(env.path("value").asText());
                }
            }
            for (JsonNode source : list(container.path("envFrom"))) {
                String map = source.path("configMapRef").path("name").asText();
                Optional<ObjectNode> config = map.isEmpty() ? Optional.empty() : find("ConfigMap", map);
                if (config.isPresent() && config.get().path("data").has("QUARKUS_DATASOURCE_JDBC_MAX_SIZE")) {
                    return Integer.parseInt(config.get().path("data").path("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asText());
                }
            }
        }
        return 20;
    }

    List<String> availability() {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        ofKind("KafkaTopic").forEach(t -> partitions.put(topicName(t), t.path("spec").path("partitions").asInt()));
        for (ServiceConfig service : services) {
            String name = service.name();
            Optional<ObjectNode> deployment = find("Deployment", name);
            if (deployment.isEmpty()) {
                continue;
            }
            JsonNode podLabels = deployment.get().path("spec").path("template").path("metadata").path("labels");
            boolean pdb = ofKind("PodDisruptionBudget").stream().anyMatch(p -> selects(p.path("spec").path("selector"), podLabels));
            if (!pdb) {
                problems.add(name + ": no PodDisruptionBudget selects its pods");
            }
            Optional<ObjectNode> hpa = ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                            && h.path("spec").path("scaleTargetRef").path("name").asText().equals(name))
                    .findFirst();
            if (hpa.isEmpty()) {
                problems.add(name + ": no HorizontalPodAutoscaler scales it");
                continue;
            }
            int max = hpa.get().path("spec").path("maxReplicas").asInt();
            int fewest = service.inboundTopics().stream().mapToInt(t -> partitions.getOrDefault(t, 0)).min().orElse(0);
            if (max > fewest) {
                problems.add(name + ": HPA maxReplicas " + max + " exceeds the " + fewest
                        + " partitions of its inbound topics (the extra replicas would idle)");
            }
        }
        return problems;
    }

    /** Default deny; HTTP, Kafka and PostgreSQL admitted only where the services need them. */
    List<String> networkPolicies() {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> policies = ofKind("NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                && list(p.path("spec").path("policyTypes")).stream().anyMatch(t -> t.asText().equals("Ingress"))
                && p.path("spec").path("ingress").isMissingNode());
        if (!defaultDeny) {
            problems.add("no default-deny ingress NetworkPolicy");
        }
        for (ServiceConfig service : services) {
            Optional<ObjectNode> deployment = find("Deployment", service.name());
            if (deployment.isEmpty()) {
                continue;
            }
            JsonNode labels = deployment.get().path("spec").path("template").path("metadata").path("labels");
            boolean http = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), labels))
                    .flatMap(p -> list(p.path("spec").path("ingress")).stream())
                    .flatMap(rule -> list(rule.path("ports")).stream())
                    .anyMatch(port -> port.path("port").asText().equals("http")
                            || port.path("port").asText().equals(Integer.toString(service.port())));
            if (!http) {
                problems.add(service.name() + ": no NetworkPolicy admits its http port");
            }
            if (!ofKind("Kafka").isEmpty()) {
                boolean kafka = list(ofKind("Kafka").get(0).path("spec").path("kafka").path("listeners")).stream()
                        .flatMap(l -> list(l.path("networkPolicyPeers")).stream())
                        .anyMatch(peer -> selects(peer.path("podSelector"), labels));
                if (!kafka) {
                    problems.add(service.name() + ": no Kafka listener's networkPolicyPeers admit its pods");
                }
            }
            boolean postgres = policies.stream()
                    .filter(p -> p.path("spec").path("podSelector").path("matchLabels").has("cnpg.io/cluster"))
                    .flatMap(p -> list(p.path("spec").path("ingress")).stream())
                    .filter(rule -> list(rule.path("ports")).stream().anyMatch(port -> port.path("port").asInt() == 5432))
                    .flatMap(rule -> list(rule.path("from")).stream())
                    .anyMatch(peer -> peer.has("podSelector") && !peer.has("namespaceSelector")
                            && selects(peer.path("podSelector"), labels));
            if (!postgres) {
                problems.add(service.name() + ": no NetworkPolicy admits its pods to PostgreSQL on 5432");
            }
        }
        return problems;
    }

    /** Where Quarkus serves the Prometheus registry (quarkus.micrometer.export.prometheus.path's default). */
    static final String METRICS_PATH = "/q/metrics";
    static final String MONITORING_NAMESPACE = "monitoring";
    /** The container port of the management interface (quarkus.management.enabled): metrics and health. */
    static final String MANAGEMENT_PORT = "management";

    /**
     * Every Deployment is scraped: a PodMonitor selects its pods with an endpoint on its {@link #MANAGEMENT_PORT}
     * container port (the only one Quarkus serves {@link #METRICS_PATH} on) at that path, a NetworkPolicy admits the
     * monitoring namespace to that port in a rule that admits nothing else, and no rule admits anyone else to it.
     */
    List<String> metrics() {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> policies = ofKind("NetworkPolicy");
        for (ObjectNode deployment : ofKind("Deployment")) {
            String name = Manifests.describe(deployment);
            JsonNode template = deployment.path("spec").path("template");
            JsonNode labels = template.path("metadata").path("labels");
            List<JsonNode> containerPorts = list(template.path("spec").path("containers")).stream()
                    .flatMap(c -> list(c.path("ports")).stream()).toList();
            Set<String> ports = containerPorts.stream().map(p -> p.path("name").asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            List<String> scraped = ofKind("PodMonitor").stream()
                    .filter(m -> selects(m.path("spec").path("selector"), labels))
                    .flatMap(m -> list(m.path("spec").path("podMetricsEndpoints")).stream())
                    .filter(e -> e.path("port").asText().equals(MANAGEMENT_PORT) && ports.contains(MANAGEMENT_PORT)
                            && e.path("path").asText().equals(METRICS_PATH))
                    .map(e -> e.path("port").asText()).toList();
            if (scraped.isEmpty()) {
                problems.add(name + ": no PodMonitor scrapes " + METRICS_PATH + " on its " + MANAGEMENT_PORT
                        + " port (its ports: " + ports + ")");
                continue;
            }
            String managementNumber = containerPorts.stream()
                    .filter(p -> p.path("name").asText().equals(MANAGEMENT_PORT))
                    .map(p -> p.path("containerPort").asText()).findFirst().orElse("");
            boolean others = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), labels))
                    .flatMap(p -> list(p.path("spec").path("ingress")).stream())
                    .filter(rule -> list(rule.path("ports")).isEmpty() || list(rule.path("ports")).stream()
                            .anyMatch(p -> p.path("port").asText().equals(MANAGEMENT_PORT)
                                    || p.path("port").asText().equals(managementNumber)))
                    .anyMatch(rule -> !fromMonitoringAlone(rule));
            if (others) {
                problems.add(name + ": a NetworkPolicy rule admits others than namespace " + MONITORING_NAMESPACE
                        + " to its " + MANAGEMENT_PORT + " port");
            }
            boolean admitted = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), labels))
                    .flatMap(p -> list(p.path("spec").path("ingress")).stream())
                    .filter(rule -> list(rule.path("ports")).stream().anyMatch(p -> scraped.contains(p.path("port").asText())))
                    .anyMatch(KubernetesChecks::fromMonitoringAlone);
            if (!admitted) {
                problems.add(name + ": no NetworkPolicy rule admits namespace " + MONITORING_NAMESPACE
                        + " alone to its metrics port " + scraped);
            }
        }
        return problems;
    }

    /** An ingress rule whose peers are all the monitoring namespace, and at least one. */
    private static boolean fromMonitoringAlone(JsonNode rule) {
        return !list(rule.path("from")).isEmpty() && list(rule.path("from")).stream()
                .allMatch(peer -> !peer.has("podSelector") && peer.path("namespaceSelector").path("matchLabels")
                        .path("kubernetes.io/metadata.name").asText().equals(MONITORING_NAMESPACE));
    }

    /** Logical replication for Debezium. */
    List<String> postgres() {
        List<String> problems = new ArrayList<>();
        if (ofKind("Cluster").isEmpty()) {
            return List.of("no CloudNativePG Cluster");
        }
        for (ObjectNode cluster : ofKind("Cluster")) {
            if (!cluster.path("spec").path("postgresql").path("parameters").path("wal_level").asText().equals("logical")) {
                problems.add("Cluster " + cluster.path("metadata").path("name").asText()
                        + ": wal_level must be logical (Debezium reads the outboxes through logical replication)");
            }
        }
        return problems;
    }

    /**
     * Every service verifies bearer tokens: MP_JWT_VERIFY_PUBLICKEY_LOCATION (directly or from a ConfigMap) is an
     * https URL, or a file on a read-only volume of the pod filled from a ConfigMap or Secret; or the key is inline.
     */
    List<String> access() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services) {
            Optional<ObjectNode> deployment = find("Deployment", service.name());
            if (deployment.isEmpty()) {
                continue;
            }
            String name = service.name();
            JsonNode pod = deployment.get().path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").path(0);
            Map<String, String> env = environment(name, container, new ArrayList<>());
            String location = env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            if (location == null) {
                if (!env.containsKey("MP_JWT_VERIFY_PUBLICKEY")) {
                    problems.add(name + ": no MP_JWT_VERIFY_PUBLICKEY_LOCATION (nor MP_JWT_VERIFY_PUBLICKEY): every request with a"
                            + " token would be a 401");
                }
                continue;
            }
            if (location.startsWith("http://")) {
                problems.add(name + ": the token key must not be fetched over plain http (" + location + ")");
                continue;
            }
            if (location.startsWith("https://")) {
                continue;
            }
            String path = location.replaceFirst("^file:", "");
            Optional<JsonNode> mount = list(container.path("volumeMounts")).stream()
                    .filter(m -> path.startsWith(m.path("mountPath").asText().replaceFirst("/?$", "/")))
                    .findFirst();
            if (mount.isEmpty()) {
                problems.add(name + ": MP_JWT_VERIFY_PUBLICKEY_LOCATION " + path + " is on no volume mounted in the container");
                continue;
            }
            if (!mount.get().path("readOnly").asBoolean()) {
                problems.add(name + ": the token key's volume must be mounted read-only");
            }
            String volume = mount.get().path("name").asText();
            boolean fromKeySource = list(pod.path("volumes")).stream().anyMatch(v -> v.path("name").asText().equals(volume)
                    && (v.has("configMap") || v.has("secret")));
            if (!fromKeySource) {
                problems.add(name + ": the token key's volume " + volume + " is neither a ConfigMap nor a Secret");
            }
        }
        return problems;
    }

    /**
     * Kafka clients as the listener they use demands. On a listener with SCRAM authentication: a KafkaUser per
     * service, named after it, of that type, whose ACLs allow exactly what the service does — read (and describe)
     * its inbound topics, read its consumer group (named after it), read (and describe) what its own channels read
     * and read their groups ({@link ServiceConfig#channelGroups}), write (and describe) what it publishes and its
     * dead-letter topics, read (and describe) the topics it reads without a group
     * ({@link ServiceConfig#readsWithoutGroup}: the operator's view of every dead-letter topic), describe the groups
     * of the services it sends commands to ({@link ServiceConfig#describesGroups}) — and the service logging in with that user's Secret; the simple
     * authorizer and the User Operator on. On a listener without authentication no service is configured for SASL.
     */
    List<String> kafkaAccess() {
        List<String> problems = new ArrayList<>();
        if (ofKind("Kafka").size() != 1) {
            return problems;
        }
        ObjectNode kafka = ofKind("Kafka").get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        for (ServiceConfig service : services) {
            Optional<ObjectNode> deployment = find("Deployment", service.name());
            if (deployment.isEmpty()) {
                continue;
            }
            String name = service.name();
            JsonNode container = deployment.get().path("spec").path("template").path("spec").path("containers").path(0);
            Map<String, String> env = environment(name, container, new ArrayList<>());
            String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
            Optional<JsonNode> listener = list(kafka.path("spec").path("kafka").path("listeners")).stream()
                    .filter(l -> bootstrap.equals(cluster + "-kafka-bootstrap:" + l.path("port").asInt())).findFirst();
            if (listener.isEmpty()) {
                continue;
            }
            String authentication = listener.get().path("authentication").path("type").asText("");
            boolean tls = listener.get().path("tls").asBoolean();
            if (authentication.isEmpty()) {
                env.keySet().stream().filter(k -> k.startsWith("KAFKA_SASL_") || k.equals("KAFKA_SECURITY_PROTOCOL"))
                        .forEach(k -> problems.add(name + ": " + k + " is set but its listener " + listener.get().path("name").asText()
                                + " does not authenticate"));
                continue;
            }
            if (!authentication.startsWith("scram-sha-")) {
                problems.add(name + ": listener authentication " + authentication + " is not one the services are set up for (SCRAM)");
                continue;
            }
            String mechanism = authentication.toUpperCase(java.util.Locale.ROOT);
            String protocol = tls ? "SASL_SSL" : "SASL_PLAINTEXT";
            if (!protocol.equals(env.get("KAFKA_SECURITY_PROTOCOL"))) {
                problems.add(name + ": KAFKA_SECURITY_PROTOCOL must be " + protocol + " for listener "
                        + listener.get().path("name").asText() + ", is " + env.get("KAFKA_SECURITY_PROTOCOL"));
            }
            if (!mechanism.equals(env.get("KAFKA_SASL_MECHANISM"))) {
                problems.add(name + ": KAFKA_SASL_MECHANISM must be " + mechanism + ", is " + env.get("KAFKA_SASL_MECHANISM"));
            }
            Optional<ObjectNode> user = find("KafkaUser", name);
            if (user.isEmpty()) {
                problems.add(name + ": no KafkaUser " + name + " for it to log in as");
                continue;
            }
            JsonNode jaas = list(container.path("env")).stream()
                    .filter(v -> v.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst()
                    .map(v -> v.path("valueFrom").path("secretKeyRef"))
                    .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            if (!jaas.path("name").asText().equals(name) || !jaas.path("key").asText().equals("sasl.jaas.config")) {
                problems.add(name + ": KAFKA_SASL_JAAS_CONFIG must come from the User Operator's Secret " + name
                        + " (key sasl.jaas.config)");
            }
            JsonNode spec = user.get().path("spec");
            if (!user.get().path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(cluster)) {
                problems.add("KafkaUser " + name + " is not labelled for Kafka cluster " + cluster);
            }
            if (!spec.path("authentication").path("type").asText().equals(authentication)) {
                problems.add("KafkaUser " + name + " authenticates with " + spec.path("authentication").path("type").asText()
                        + ", the listener with " + authentication);
            }
            Set<String> granted = new TreeSet<>();
            for (JsonNode rule : list(spec.path("authorization").path("acls"))) {
                JsonNode resource = rule.path("resource");
                String pattern = resource.path("patternType").asText("literal");
                String type = rule.path("type").asText("allow");
                for (JsonNode operation : list(rule.path("operations"))) {
                    granted.add(type + " " + operation.asText() + " " + resource.path("type").asText() + " "
                            + resource.path("name").asText() + (pattern.equals("literal") ? "" : " (" + pattern + ")"));
                }
            }
            Set<String> needed = new TreeSet<>();
            for (String topic : service.inboundTopics()) {
                needed.add("allow Read topic " + topic);
                needed.add("allow Describe topic " + topic);
            }
            needed.add("allow Read group " + name);
            service.channelGroups().forEach((group, topics) -> {
                topics.forEach(topic -> {
                    needed.add("allow Read topic " + topic);
                    needed.add("allow Describe topic " + topic);
                });
                needed.add("allow Read group " + group);
            });
            for (String topic : service.writesTo()) {
                needed.add("allow Write topic " + topic);
                needed.add("allow Describe topic " + topic);
            }
            for (String topic : service.readsWithoutGroup()) {
                needed.add("allow Read topic " + topic);
                needed.add("allow Describe topic " + topic);
            }
            for (String group : service.describesGroups(services)) {
                needed.add("allow Describe group " + group);
            }
            Set<String> missing = new TreeSet<>(needed);
            missing.removeAll(granted);
            Set<String> extra = new TreeSet<>(granted);
            extra.removeAll(needed);
            if (!missing.isEmpty()) {
                problems.add("KafkaUser " + name + " lacks " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add("KafkaUser " + name + " allows more than the service does: " + extra);
            }
            if (!kafka.path("spec").path("kafka").path("authorization").path("type").asText().equals("simple")) {
                problems.add(name + ": its KafkaUser's ACLs need spec.kafka.authorization type simple on Kafka " + cluster);
            }
            if (kafka.path("spec").path("entityOperator").path("userOperator").isMissingNode()) {
                problems.add(name + ": its KafkaUser needs the User Operator (spec.entityOperator.userOperator) on Kafka " + cluster);
            }
        }
        return problems;
    }

    /** No credential in a manifest: no Secret objects, no literal secret-like values. */
    List<String> credentials() {
        List<String> problems = new ArrayList<>();
        ofKind("Secret").forEach(s -> problems.add("Secret " + s.path("metadata").path("name").asText()
                + " is in the manifests: credentials belong in Secrets created outside them"));
        for (ObjectNode cm : ofKind("ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(k -> {
                if (SECRET_LIKE.matcher(k).matches()) {
                    problems.add("ConfigMap " + cm.path("metadata").path("name").asText() + " carries " + k);
                }
            });
        }
        for (ObjectNode deployment : ofKind("Deployment")) {
            for (JsonNode container : list(deployment.path("spec").path("template").path("spec").path("containers"))) {
                for (JsonNode variable : list(container.path("env"))) {
                    if (SECRET_LIKE.matcher(variable.path("name").asText()).matches() && variable.has("value")) {
                        problems.add(Manifests.describe(deployment) + ": " + variable.path("name").asText()
                                + " has a literal value; use secretKeyRef");
                    }
                }
            }
        }
        return problems;
    }

    /** Whether a label selector (matchLabels / matchExpressions In) selects {@code labels}. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var e = matchLabels.next();
            if (!labels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText())) {
                return false;
            }
        }
        for (JsonNode expression : list(selector.path("matchExpressions"))) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            boolean in = list(expression.path("values")).stream().anyMatch(v -> v.asText().equals(value));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    List<String> all() {
        List<String> problems = new ArrayList<>();
        problems.addAll(topics());
        problems.addAll(kafka());
        problems.addAll(services());
        problems.addAll(podSecurityAndResources());
        problems.addAll(availability());
        problems.addAll(networkPolicies());
        problems.addAll(postgres());
        problems.addAll(roles());
        problems.addAll(access());
        problems.addAll(kafkaAccess());
        problems.addAll(credentials());
        return problems;
    }
}
