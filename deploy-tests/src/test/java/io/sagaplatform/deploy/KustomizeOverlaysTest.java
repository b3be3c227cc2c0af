package io.sagaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Each overlay of k8s/ renders, is valid Kubernetes and Strimzi, and matches what the services use. */
class KustomizeOverlaysTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rendersIntoItsOwnNamespaceWithEveryKindThePlatformNeeds(String overlay) {
        List<ObjectNode> docs = Rendered.overlay(overlay);

        assertThat(docs).extracting(d -> d.path("kind").asText()).contains("Namespace", "ConfigMap", "Deployment",
                "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "Kafka", "KafkaNodePool",
                "KafkaTopic", "Cluster", "Database");
        assertThat(docs).filteredOn(d -> !d.path("kind").asText().equals("Namespace"))
                .allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText())
                        .as(Manifests.describe(d)).isEqualTo("saga-" + overlay));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void customResourcesPassTheirOperatorsCrdSchemasAndNoKindIsUnknown(String overlay) {
        assertThat(Manifests.schemaProblems(Rendered.overlay(overlay))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void coreAndStrimziResourcesParseIntoTheirTypedModelsWithoutUnknownFields(String overlay) {
        List<ObjectNode> docs = Rendered.overlay(overlay);

        assertThat(docs).filteredOn(d -> d.path("apiVersion").asText().startsWith("kafka.strimzi.io/")).hasSizeGreaterThan(10)
                .allSatisfy(d -> assertThat(Manifests.MODELS).containsKey(Manifests.key(d)));
        assertThat(Manifests.modelProblems(docs)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void topicsPortsEnvironmentAndDatabasesMatchWhatTheServicesConfigurationUses(String overlay) {
        KubernetesChecks checks = new KubernetesChecks(Rendered.overlay(overlay), ServiceConfig.all());

        assertThat(checks.topics()).as("topics").isEmpty();
        assertThat(checks.kafka()).as("kafka").isEmpty();
        assertThat(checks.services()).as("services").isEmpty();
        assertThat(checks.postgres()).as("postgres").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceVerifiesTokensStreamsAsAReplicationOnlyRoleAndTalksToKafkaAsItsListenerDemands(String overlay) {
        KubernetesChecks checks = new KubernetesChecks(Rendered.overlay(overlay), ServiceConfig.all());

        assertThat(checks.access()).as("JWT key").isEmpty();
        assertThat(checks.roles()).as("database roles").isEmpty();
        assertThat(checks.kafkaAccess()).as("Kafka authentication and ACLs").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void podsAreRestrictedDisruptionBudgetedAutoscaledAndFenced(String overlay) {
        KubernetesChecks checks = new KubernetesChecks(Rendered.overlay(overlay), ServiceConfig.all());

        assertThat(checks.podSecurityAndResources()).as("pod security and resources").isEmpty();
        assertThat(checks.availability()).as("PDB and HPA").isEmpty();
        assertThat(checks.connections()).as("PostgreSQL connections at the autoscalers' maximum").isEmpty();
        assertThat(checks.networkPolicies()).as("network policies").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyImageHasAnExactTagAndTheNamespaceEnforcesTheRestrictedPodSecurityProfileStrimzisPodsMeet(String overlay) {
        KubernetesChecks checks = new KubernetesChecks(Rendered.overlay(overlay), ServiceConfig.all());

        assertThat(checks.images()).as("image tags").isEmpty();
        assertThat(checks.namespaceEnforcesRestricted()).as("Pod Security admission").isEmpty();
        assertThat(checks.strimziRestricted()).as("Strimzi's pods under restricted").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void credentialsAppearOnlyAsSecretReferences(String overlay) {
        assertThat(new KubernetesChecks(Rendered.overlay(overlay), ServiceConfig.all()).credentials()).isEmpty();
    }
}
