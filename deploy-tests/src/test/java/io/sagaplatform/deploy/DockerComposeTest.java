package io.sagaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** deploy/docker-compose.yml is a valid Compose file and matches what the services use. */
class DockerComposeTest {

    private final ComposeChecks compose =
            new ComposeChecks(Tools.REPO_ROOT.resolve("deploy/docker-compose.yml"), ServiceConfig.all());
    /** docker compose -f deploy/docker-compose.yml -f deploy/docker-compose.sasl.yml */
    private final ComposeChecks withSasl = new ComposeChecks(List.of(Tools.REPO_ROOT.resolve("deploy/docker-compose.yml"),
            Tools.REPO_ROOT.resolve("deploy/docker-compose.sasl.yml")), ServiceConfig.all());
    /** docker compose -f deploy/docker-compose.yml -f deploy/docker-compose.observability.yml */
    private final ComposeChecks withObservability = new ComposeChecks(List.of(
            Tools.REPO_ROOT.resolve("deploy/docker-compose.yml"),
            Tools.REPO_ROOT.resolve("deploy/docker-compose.observability.yml")), ServiceConfig.all());

    @Test
    void passesTheComposeSpecSchemaAndLintWithoutWarnings() {
        assertThat(compose.lint()).isEmpty();
    }

    @Test
    void everyImageItRunsOrBuildsFromHasAnExactTag() {
        assertThat(withObservability.images()).isEmpty();
    }

    @Test
    void runsKafkaInKraftModeWithExactlyTheTopicsTheCodeUses() {
        assertThat(compose.kafka()).isEmpty();
    }

    @Test
    void runsPostgresWithLogicalReplicationAndEveryServiceDatabaseAndRole() {
        assertThat(compose.postgres()).isEmpty();
    }

    @Test
    void servicesUseTheirOwnPortsEnvironmentDatabasesAndHealthChecks() {
        assertThat(compose.services()).isEmpty();
    }

    @Test
    void everyServiceVerifiesTokensWithAMountedKeyAndItsRelayStreamsAsItsOwnReplicationRole() {
        assertThat(compose.access()).isEmpty();
        assertThat(compose.postgres()).isEmpty();
    }

    @Test
    void withoutTheSaslOverrideNoServiceIsConfiguredForSasl() {
        assertThat(compose.kafkaSecurity()).isEmpty();
    }

    @Test
    void saslOverridePassesTheComposeSpecSchemaAndLintWithoutWarnings() {
        assertThat(withSasl.lint()).isEmpty();
    }

    @Test
    void withTheSaslOverrideEveryServiceLogsInAsItsOwnScramUserAndItsAclsMatchWhatItConsumesAndPublishes() {
        assertThat(withSasl.kafkaSecurity()).isEmpty();
        assertThat(withSasl.consistency()).isEmpty();
        assertThat(withSasl.requiredVariables()).isEmpty();
    }

    @Test
    void postgresTakesEveryConnectionThePoolsAndRelaysMayOpenAndIsHealthyOnlyAsTheRealServer() {
        assertThat(compose.connections()).isEmpty();
    }

    @Test
    void observabilityOverridePassesTheComposeSpecSchemaAndLintWithoutWarnings() {
        assertThat(withObservability.lint()).isEmpty();
    }

    @Test
    void withTheObservabilityOverridePrometheusScrapesEveryServiceGrafanaShowsTheDashboardAndTracesGoToJaeger() {
        assertThat(withObservability.observability()).isEmpty();
        assertThat(withObservability.services()).isEmpty();
    }
}
