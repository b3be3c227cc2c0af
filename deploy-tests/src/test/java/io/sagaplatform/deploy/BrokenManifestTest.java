package io.sagaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The validations fail on a broken manifest: each test copies the real k8s/ tree (or the Compose file), breaks
 * one thing on purpose, and shows the check that catches it.
 */
class BrokenManifestTest {

    @TempDir
    Path copy;
    private int copies;

    /** A fresh copy of k8s/ with one text replaced in one file; returns its dev overlay. */
    private Path k8sWith(String file, String from, String to) throws IOException {
        return k8sWith(file, from, to, "dev");
    }

    /** A fresh copy of k8s/ with one text replaced in one file; returns the named overlay. */
    private Path k8sWith(String file, String from, String to, String overlay) throws IOException {
        Path k8s = copy.resolve("k8s-" + ++copies);
        copyTree(Tools.REPO_ROOT.resolve("k8s"), k8s);
        Path target = k8s.resolve(file);
        String text = Files.readString(target);
        assertThat(text).as("the text to break in " + file).contains(from);
        Files.writeString(target, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return k8s.resolve("overlays").resolve(overlay);
    }

    /** The CRD schemas find exactly one problem in {@code docs}: in {@code resource}, about {@code field}. */
    private static void assertOneSchemaProblem(List<ObjectNode> docs, String resource, String field) {
        assertThat(Manifests.schemaProblems(docs)).singleElement().asString().startsWith(resource + ": ").contains(field);
    }

    @Test
    void typedModelRejectsADeploymentWhosePortIsNotANumber() throws IOException {
        List<ObjectNode> docs = Manifests.render(
                k8sWith("base/services/order-service.yaml", "containerPort: 8081", "containerPort: eighty-eighty-one"));

        assertThat(Manifests.modelProblems(docs)).singleElement().asString()
                .contains("Deployment/order-service").contains("does not parse as io.fabric8.kubernetes.api.model.apps.Deployment");
    }

    @Test
    void crdSchemaRejectsAPostgresClusterWithATextFlagOrAnUnknownField() throws IOException {
        List<ObjectNode> wrongType = Manifests.render(k8sWith("base/postgres/cluster.yaml",
                "enableSuperuserAccess: false", "enableSuperuserAccess: no-thanks"));
        assertOneSchemaProblem(wrongType, "Cluster/saga-pg", "enableSuperuserAccess");

        List<ObjectNode> unknownField = Manifests.render(k8sWith("base/postgres/cluster.yaml",
                "  instances: 3\n", "  instances: 3\n  replicas: 3\n"));
        assertOneSchemaProblem(unknownField, "Cluster/saga-pg", "replicas");
    }

    @Test
    void aServiceThePodMonitorMissesAMetricsPortOpenToAllAndAnInvalidPodMonitorAreCaught() throws IOException {
        List<ObjectNode> missed = Manifests.render(k8sWith("components/monitoring/pod-monitor.yaml",
                "          - shipping-service\n  podMetricsEndpoints:", "  podMetricsEndpoints:", "prod"));
        assertThat(new KubernetesChecks(missed, ServiceConfig.all()).metrics()).containsExactly(
                "Deployment/shipping-service: no PodMonitor scrapes /q/metrics on its management port (its ports:"
                        + " [http, management])");

        List<ObjectNode> onHttp = Manifests.render(k8sWith("components/monitoring/pod-monitor.yaml",
                "    - port: management\n", "    - port: http\n", "prod"));
        assertThat(new KubernetesChecks(onHttp, ServiceConfig.all()).metrics()).hasSize(5).allSatisfy(p -> assertThat(p)
                .endsWith("no PodMonitor scrapes /q/metrics on its management port (its ports: [http, management])"));

        List<ObjectNode> open = Manifests.render(k8sWith("components/monitoring/pod-monitor.yaml",
                "        - namespaceSelector:\n", "        - podSelector: {}\n          namespaceSelector:\n", "prod"));
        assertThat(new KubernetesChecks(open, ServiceConfig.all()).metrics()).hasSize(10)
                .filteredOn(p -> p.endsWith("no NetworkPolicy rule admits namespace monitoring alone to its metrics port"
                        + " [management]")).hasSize(5);

        // the API's policy widened to the management port: whoever may call the order API could read its metrics
        List<ObjectNode> widened = Manifests.render(k8sWith("base/network-policies.yaml",
                "  ingress:\n    - ports:\n        - protocol: TCP\n          port: http\n",
                "  ingress:\n    - ports:\n        - protocol: TCP\n          port: http\n        - protocol: TCP\n"
                        + "          port: management\n", "prod"));
        assertThat(new KubernetesChecks(widened, ServiceConfig.all()).metrics()).containsExactlyInAnyOrder(
                "Deployment/orchestrator: a NetworkPolicy rule admits others than namespace monitoring to its management"
                        + " port",
                "Deployment/order-service: a NetworkPolicy rule admits others than namespace monitoring to its management"
                        + " port");

        List<ObjectNode> invalid = Manifests.render(k8sWith("components/monitoring/pod-monitor.yaml",
                "      interval: 15s\n", "      intervall: 15s\n", "prod"));
        assertOneSchemaProblem(invalid, "PodMonitor/saga-services", "intervall");
    }

    @Test
    void aFloatingImageTagANamespaceThatDoesNotEnforceRestrictedAndAStrimziPodBeyondItAreCaught() throws IOException {
        List<ObjectNode> floating = Manifests.render(k8sWith("base/postgres/cluster.yaml",
                "postgresql:15.14", "postgresql:15"));
        assertThat(new KubernetesChecks(floating, ServiceConfig.all()).images()).containsExactly(
                "Cluster/saga-pg: image ghcr.io/cloudnative-pg/postgresql:15 has tag '15', which is no exact release");

        List<ObjectNode> latest = Manifests.render(k8sWith("base/services/orchestrator.yaml",
                "saga-platform/orchestrator:0.1.0-SNAPSHOT", "saga-platform/orchestrator"));
        assertThat(new KubernetesChecks(latest, ServiceConfig.all()).images()).containsExactly(
                "Deployment/orchestrator: image saga-platform/orchestrator has no tag (it pulls latest)");

        List<ObjectNode> baseline = Manifests.render(k8sWith("overlays/dev/namespace.yaml",
                "enforce: restricted", "enforce: baseline"));
        assertThat(new KubernetesChecks(baseline, ServiceConfig.all()).namespaceEnforcesRestricted()).containsExactly(
                "Namespace/saga-dev: pod-security.kubernetes.io/enforce must be restricted, is 'baseline'");

        List<ObjectNode> escalating = Manifests.render(k8sWith("base/kafka/kafka.yaml",
                "      topicOperatorContainer:\n        securityContext:\n          allowPrivilegeEscalation: false\n",
                "      topicOperatorContainer:\n        securityContext:\n          allowPrivilegeEscalation: true\n"));
        assertThat(new KubernetesChecks(escalating, ServiceConfig.all()).strimziRestricted()).containsExactly(
                "Kafka/saga entityOperator topicOperator: allowPrivilegeEscalation must be false");

        List<ObjectNode> poolTemplate = Manifests.render(k8sWith("base/kafka/kafka.yaml",
                "  roles:\n", "  template:\n    pod:\n      terminationGracePeriodSeconds: 60\n  roles:\n"));
        assertThat(new KubernetesChecks(poolTemplate, ServiceConfig.all()).strimziRestricted()).containsExactly(
                "KafkaNodePool/dual-role: pod securityContext.runAsNonRoot must be true",
                "KafkaNodePool/dual-role: pod seccompProfile must be RuntimeDefault");
    }

    @Test
    void typedModelRejectsAMisspelledFieldTheSchemaLetsThrough() throws IOException {
        List<ObjectNode> docs = Manifests.render(
                k8sWith("base/services/payment-service.yaml", "readinessProbe:", "readinesProbe:"));

        assertThat(Manifests.modelProblems(docs)).singleElement().asString()
                .contains("Deployment/payment-service").contains("unknown field(s) [readinesProbe]");
    }

    @Test
    void strimziApiAndCrdSchemaRejectAKafkaTopicWithATextPartitionCountOrAnUnknownField() throws IOException {
        List<ObjectNode> wrongType = Manifests.render(k8sWith("base/kafka/topics.yaml", "partitions: 6", "partitions: many"));
        assertThat(Manifests.modelProblems(wrongType)).singleElement().asString()
                .contains("KafkaTopic/order.events").contains("does not parse as io.strimzi.api.kafka.model.topic.KafkaTopic");
        assertOneSchemaProblem(wrongType, "KafkaTopic/order.events", "partitions");

        List<ObjectNode> unknownField = Manifests.render(
                k8sWith("base/kafka/topics.yaml", "  replicas: 3\n", "  replicas: 3\n  replicationFactor: 3\n"));
        assertThat(Manifests.modelProblems(unknownField)).singleElement().asString()
                .contains("KafkaTopic/order.events").contains("unknown field(s) [replicationFactor]");
        assertOneSchemaProblem(unknownField, "KafkaTopic/order.events", "replicationFactor");
    }

    @Test
    void consistencyChecksCatchAMissingTopicAWrongBootstrapAddressAndAPlaintextPassword() throws IOException {
        String topics = Files.readString(Tools.REPO_ROOT.resolve("k8s/base/kafka/topics.yaml"));
        String withoutReplies = Stream.of(topics.split("\n---\n")).filter(doc -> !doc.contains("name: saga.replies\n"))
                .reduce((a, b) -> a + "\n---\n" + b).orElseThrow();
        List<ObjectNode> missingTopic = Manifests.render(k8sWith("base/kafka/topics.yaml", topics, withoutReplies));
        assertThat(new KubernetesChecks(missingTopic, ServiceConfig.all()).topics())
                .containsExactly("no KafkaTopic for saga.replies, which the code uses");

        List<ObjectNode> wrongBootstrap = Manifests.render(k8sWith("base/services/inventory-service.yaml",
                "saga-kafka-bootstrap:9092", "saga-kafka-bootstrap:9093"));
        assertThat(new KubernetesChecks(wrongBootstrap, ServiceConfig.all()).services()).singleElement().asString()
                .contains("inventory-service: KAFKA_BOOTSTRAP_SERVERS saga-kafka-bootstrap:9093 is none of the plain listeners");

        List<ObjectNode> plaintext = Manifests.render(k8sWith("base/services/shipping-service.yaml",
                "            - name: QUARKUS_DATASOURCE_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
                        + "                  name: shipping-service-db\n                  key: password\n",
                "            - name: QUARKUS_DATASOURCE_PASSWORD\n              value: hunter2\n"));
        KubernetesChecks checks = new KubernetesChecks(plaintext, ServiceConfig.all());
        assertThat(checks.credentials()).containsExactly(
                "Deployment/shipping-service: QUARKUS_DATASOURCE_PASSWORD has a literal value; use secretKeyRef");
        assertThat(checks.services()).anySatisfy(p -> assertThat(p).contains("shipping-service: the datasource username and password"));
    }

    @Test
    void renderingFailsWhenTheKustomizationNamesAMissingFile() throws IOException {
        Path overlay = k8sWith("base/kustomization.yaml", "  - network-policies.yaml", "  - network-policy.yaml");

        assertThatThrownBy(() -> Manifests.render(overlay)).isInstanceOf(Manifests.RenderException.class)
                .hasMessageContaining("network-policy.yaml");
    }

    @Test
    void composeChecksRejectAnInvalidConditionAndAWrongPort() throws IOException {
        copyTree(Tools.REPO_ROOT.resolve("deploy"), copy.resolve("deploy"));
        copyTree(Tools.REPO_ROOT.resolve("order-service/src/main/docker"), copy.resolve("order-service/src/main/docker"));
        Path file = copy.resolve("deploy/docker-compose.yml");
        String original = Files.readString(file);

        Files.writeString(file, original.replaceFirst("condition: service_healthy", "condition: when_healthy"));
        assertThat(new ComposeChecks(file, ServiceConfig.all()).lint()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("docker-compose.yml: ").contains("depends_on"));

        Files.writeString(file, original.replace("QUARKUS_HTTP_PORT: \"8081\"", "QUARKUS_HTTP_PORT: \"9081\""));
        assertThat(new ComposeChecks(file, ServiceConfig.all()).services())
                .contains("order-service: QUARKUS_HTTP_PORT 9081 differs from quarkus.http.port 8081");
    }

    @Test
    void composeChecksRejectAFloatingTagAPortOpenToEveryInterfaceAPortPublishedTwiceAndAContainerNameTakenTwice() throws IOException {
        copyTree(Tools.REPO_ROOT.resolve("deploy"), copy.resolve("deploy"));
        for (ServiceConfig service : ServiceConfig.all()) {
            String docker = service.name() + "/src/main/docker";
            copyTree(Tools.REPO_ROOT.resolve(docker), copy.resolve(docker));
        }
        Path file = copy.resolve("deploy/docker-compose.yml");
        String original = Files.readString(file);

        Files.writeString(file, original.replace("image: postgres:15.14", "image: postgres:15"));
        assertThat(new ComposeChecks(file, ServiceConfig.all()).images())
                .containsExactly("postgres: image postgres:15 has tag '15', which is no exact release");

        Files.writeString(file, original.replace("'127.0.0.1:5432:5432'", "'5432:5432'")
                .replace("'127.0.0.1:8082:8082'", "'127.0.0.1:8081:8082'")
                .replace("  postgres:\n    image:", "  postgres:\n    container_name: saga\n    image:")
                .replace("  kafka:\n    image:", "  kafka:\n    container_name: saga\n    image:"));
        assertThat(new ComposeChecks(file, ServiceConfig.all()).lint()).containsExactlyInAnyOrder(
                "postgres: port 5432:5432 is not bound to an interface (host:port:port)",
                "order-service: host port 127.0.0.1:8081 is published by inventory-service too",
                "postgres: container_name saga is taken by kafka");
    }

    @Test
    void kafkaAccessChecksCatchAServiceGrantedTooMuchAndOneThatDoesNotLogIn() throws IOException {
        List<ObjectNode> widened = Manifests.render(k8sWith("components/kafka-scram/users.yaml",
                "          name: order.commands\n          patternType: literal\n        operations: [Write, Describe]\n",
                "          name: order\n          patternType: prefix\n        operations: [Write, Describe]\n", "prod"));
        assertThat(new KubernetesChecks(widened, ServiceConfig.all()).kafkaAccess()).containsExactly(
                "KafkaUser orchestrator lacks [allow Describe topic order.commands, allow Write topic order.commands]",
                "KafkaUser orchestrator allows more than the service does: [allow Describe topic order (prefix),"
                        + " allow Write topic order (prefix)]");

        String deployments = Files.readString(Tools.REPO_ROOT.resolve("k8s/components/kafka-scram/deployments.yaml"));
        String withoutPayment = Stream.of(deployments.split("\n---\n")).filter(doc -> !doc.contains("name: payment-service\n"))
                .reduce((a, b) -> a + "\n---\n" + b).orElseThrow();
        List<ObjectNode> anonymous = Manifests.render(
                k8sWith("components/kafka-scram/deployments.yaml", deployments, withoutPayment, "prod"));
        assertThat(new KubernetesChecks(anonymous, ServiceConfig.all()).kafkaAccess()).containsExactly(
                "payment-service: KAFKA_SECURITY_PROTOCOL must be SASL_PLAINTEXT for listener plain, is null",
                "payment-service: KAFKA_SASL_MECHANISM must be SCRAM-SHA-512, is null",
                "payment-service: KAFKA_SASL_JAAS_CONFIG must come from the User Operator's Secret payment-service"
                        + " (key sasl.jaas.config)");
    }

    @Test
    void kafkaAccessChecksCatchAnOrchestratorThatCannotReadAParticipantGroupsOffsets() throws IOException {
        List<ObjectNode> blind = Manifests.render(k8sWith("components/kafka-scram/users.yaml",
                "      - resource:\n          type: group\n          name: payment-service\n          patternType: literal\n"
                        + "        operations: [Describe]\n", "", "prod"));
        assertThat(new KubernetesChecks(blind, ServiceConfig.all()).kafkaAccess()).containsExactly(
                "KafkaUser orchestrator lacks [allow Describe group payment-service]");

        copyTree(Tools.REPO_ROOT.resolve("deploy"), copy.resolve("deploy"));
        Path base = copy.resolve("deploy/docker-compose.yml");
        Path sasl = copy.resolve("deploy/docker-compose.sasl.yml");
        String original = Files.readString(sasl);
        String line = "describes_groups orchestrator order-service inventory-service payment-service shipping-service";
        assertThat(original).contains(line);
        Files.writeString(sasl, original.replace(line, "describes_groups orchestrator order-service inventory-service"
                + " shipping-service\n        describes_groups payment-service order-service"));
        assertThat(new ComposeChecks(List.of(base, sasl), ServiceConfig.all()).kafkaSecurity()).containsExactly(
                "orchestrator: ACLs lack Describe on the consumer groups [payment-service], whose offsets it reads for the"
                        + " commands it sends",
                "payment-service: ACLs allow more than the service does: Describe on the consumer groups [order-service]");
    }

    @Test
    void roleChecksCatchAnApplicationRoleThatCanStreamWalAndARelayWithoutItsOwnRole() throws IOException {
        List<ObjectNode> replicating = Manifests.render(k8sWith("base/postgres/cluster.yaml",
                "      - name: inventory_service\n        ensure: present\n        login: true\n        replication: false\n",
                "      - name: inventory_service\n        ensure: present\n        login: true\n        replication: true\n"));
        KubernetesChecks checks = new KubernetesChecks(replicating, ServiceConfig.all());
        assertThat(checks.roles()).containsExactly("role inventory_service owns a database and has replication");
        assertThat(checks.services()).containsExactly("inventory-service: the application role inventory_service must not"
                + " have replication (its relay streams as its own role)");

        List<ObjectNode> noRelayRole = Manifests.render(k8sWith("base/services/order-service.yaml",
                "                  name: order-service-db-relay\n                  key: password\n",
                "                  name: order-service-db\n                  key: password\n"));
        assertThat(new KubernetesChecks(noRelayRole, ServiceConfig.all()).services()).containsExactly(
                "order-service: SAGA_MESSAGING_RELAY_REPLICATION_USER and _PASSWORD must come from one Secret (secretKeyRef)"
                        + " — without them the relay streams as the application role, which has no replication right");
    }

    @Test
    void accessCheckCatchesATokenKeyLocationNoVolumeProvides() throws IOException {
        List<ObjectNode> unmounted = Manifests.render(k8sWith("base/services/shipping-service.yaml",
                "            - name: jwt-public-key\n              mountPath: /etc/saga/jwt\n              readOnly: true\n", ""));

        assertThat(new KubernetesChecks(unmounted, ServiceConfig.all()).access()).containsExactly(
                "shipping-service: MP_JWT_VERIFY_PUBLICKEY_LOCATION /etc/saga/jwt/public.pem is on no volume mounted in the container");
    }

    @Test
    void composeChecksCatchAReplicatingApplicationRoleAServiceLoggingInToKafkaAsAnotherAndAnUnlistedPassword() throws IOException {
        copyTree(Tools.REPO_ROOT.resolve("deploy"), copy.resolve("deploy"));
        Path sql = copy.resolve("deploy/postgres-init/01-service-databases.sql");
        Files.writeString(sql, Files.readString(sql).replace(
                "CREATE ROLE payment_service         LOGIN NOREPLICATION", "CREATE ROLE payment_service         LOGIN REPLICATION"));
        Path base = copy.resolve("deploy/docker-compose.yml");
        assertThat(new ComposeChecks(base, ServiceConfig.all()).postgres()).containsExactly(
                "the init scripts give the application role payment_service REPLICATION: only its relay's role may stream WAL");

        Path sasl = copy.resolve("deploy/docker-compose.sasl.yml");
        String original = Files.readString(sasl);
        Files.writeString(sasl, original.replace("username=\"shipping-service\"", "username=\"order-service\""));
        assertThat(new ComposeChecks(List.of(base, sasl), ServiceConfig.all()).kafkaSecurity()).containsExactly(
                "shipping-service: logs in to Kafka as order-service, not as its own user shipping-service");

        Files.writeString(sasl, original.replace("produces inventory-service saga.replies inventory.commands.dlq",
                "produces inventory-service saga.replies inventory.commands.dlq payment.commands"));
        assertThat(new ComposeChecks(List.of(base, sasl), ServiceConfig.all()).kafkaSecurity()).containsExactly(
                "inventory-service: ACLs let it write [inventory.commands.dlq, payment.commands, saga.replies],"
                        + " it writes [inventory.commands.dlq, saga.replies]");

        Files.writeString(sasl, original.replace("consumes_in_group orchestrator orchestrator-dead-letters",
                "consumes_in_group orchestrator orchestrator"));
        assertThat(new ComposeChecks(List.of(base, sasl), ServiceConfig.all()).kafkaSecurity()).containsExactly(
                "orchestrator: ACLs let it consume in its other groups {orchestrator=[inventory.commands.dlq,"
                        + " order.commands.dlq, payment.commands.dlq, shipping.commands.dlq]}, it consumes"
                        + " {orchestrator-dead-letters=[inventory.commands.dlq, order.commands.dlq, payment.commands.dlq,"
                        + " shipping.commands.dlq]}");

        Files.writeString(sasl, original.replace("--bootstrap-server 127.0.0.1:19093 >/dev/null",
                "--bootstrap-server kafka:19092 >/dev/null"));
        assertThat(new ComposeChecks(List.of(base, sasl), ServiceConfig.all()).kafkaSecurity()).containsExactly(
                "kafka's health check connects to kafka:19092 (INTERNAL, SASL_PLAINTEXT) without credentials: it would never be healthy");

        Path example = copy.resolve("deploy/.env.example");
        Files.writeString(example, Files.readString(example).replaceAll("(?m)^SAGA_KAFKA_PAYMENT_SERVICE_PASSWORD=.*\n", ""));
        assertThat(new ComposeChecks(List.of(base, sasl), ServiceConfig.all()).requiredVariables()).containsExactly(
                example + " does not list [SAGA_KAFKA_PAYMENT_SERVICE_PASSWORD], which the compose files require");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        }
    }
}
