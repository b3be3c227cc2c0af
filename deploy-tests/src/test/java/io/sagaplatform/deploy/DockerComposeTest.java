package io.sagaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** deploy/docker-compose.yml is a valid Compose file and matches what the services use. */
class DockerComposeTest {

    private final ComposeChecks compose =
            new ComposeChecks(Tools.REPO_ROOT.resolve("deploy/docker-compose.yml"), ServiceConfig.all());

    @Test
    void passesTheComposeSpecSchemaAndLintWithoutWarnings() {
        assertThat(compose.dclint()).isEmpty();
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
}
