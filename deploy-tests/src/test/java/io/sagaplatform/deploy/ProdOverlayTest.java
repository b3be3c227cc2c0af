package io.sagaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What production promises beyond "it renders": durability and more than one replica of everything. */
class ProdOverlayTest {

    private final KubernetesChecks prod = new KubernetesChecks(Rendered.overlay("prod"), ServiceConfig.all());

    @Test
    void runsThreeKraftBrokersAndReplicatesEveryTopicThreeTimesWithTwoInSync() {
        assertThat(prod.brokerCount()).isEqualTo(3);
        assertThat(prod.ofKind("KafkaTopic")).hasSize(ServiceConfig.expectedTopics(ServiceConfig.all()).size())
                .allSatisfy(topic -> {
                    assertThat(topic.path("spec").path("replicas").asInt()).as(KubernetesChecks.topicName(topic)).isEqualTo(3);
                    assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt())
                            .as(KubernetesChecks.topicName(topic)).isEqualTo(2);
                });
        var config = prod.ofKind("Kafka").get(0).path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(3);
    }

    @Test
    void runsEveryServiceTwiceAtLeastAndPostgresOnThreeInstances() {
        assertThat(prod.ofKind("Deployment")).hasSize(5)
                .allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).as(Manifests.describe(d)).isGreaterThanOrEqualTo(2));
        assertThat(prod.ofKind("HorizontalPodAutoscaler"))
                .allSatisfy(h -> assertThat(h.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2));
        assertThat(prod.ofKind("Cluster").get(0).path("spec").path("instances").asInt()).isEqualTo(3);
    }

    @Test
    void authenticatesKafkaClientsWithScramAndGivesEachServiceOnlyItsOwnTopicsAndGroup() {
        var kafka = prod.ofKind("Kafka").get(0).path("spec");
        assertThat(kafka.path("kafka").path("listeners").path(0).path("authentication").path("type").asText())
                .isEqualTo("scram-sha-512");
        assertThat(kafka.path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        assertThat(kafka.path("entityOperator").has("userOperator")).isTrue();
        assertThat(prod.ofKind("KafkaUser")).extracting(u -> u.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(ServiceConfig.MODULES);
        assertThat(prod.kafkaAccess()).isEmpty();
    }

    @Test
    void prometheusScrapesEveryServiceThroughAPodMonitorAndOnlyTheMonitoringNamespaceIsLetInForIt() {
        assertThat(prod.ofKind("PodMonitor")).isNotEmpty();
        assertThat(prod.metrics()).isEmpty();
    }

    @Test
    void noDatabaseOwnerCanStreamWalOnlyTheRelaysRolesCan() {
        var roles = KubernetesChecks.list(prod.ofKind("Cluster").get(0).path("spec").path("managed").path("roles"));
        assertThat(roles).filteredOn(r -> r.path("replication").asBoolean())
                .extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrderElementsOf(ServiceConfig.all().stream().map(s -> s.username() + "_relay").toList());
        assertThat(prod.roles()).isEmpty();
    }
}
