package io.sagaplatform.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine is a pure interpreter: persistence and messaging are adapters around it, never inside it. And the
 * orchestrator around the engine runs any registered saga: only a saga's own package knows that saga.
 */
@AnalyzeClasses(packages = "io.sagaplatform.orchestrator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engineImportsNoFrameworks = noClasses().that()
            .resideInAPackage("io.sagaplatform.orchestrator.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.persistence..",
                    "jakarta.enterprise..", "jakarta.transaction..", "org.hibernate..", "org.apache.kafka..",
                    "io.smallrye..", "io.vertx..", "io.sagaplatform.messaging..");

    @ArchTest
    static final ArchRule engineKnowsNoSagaInParticular = noClasses().that()
            .resideInAPackage("io.sagaplatform.orchestrator.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sagaplatform.orchestrator.placeorder..",
                    "io.sagaplatform.orchestrator.persistence..", "io.sagaplatform.orchestrator.dashboard..");

    @ArchTest
    static final ArchRule onlyASagasOwnPackageKnowsIt = noClasses().that()
            .resideInAnyPackage("io.sagaplatform.orchestrator.application..",
                    "io.sagaplatform.orchestrator.persistence..", "io.sagaplatform.orchestrator.messaging..",
                    "io.sagaplatform.orchestrator.dashboard..")
            .should().dependOnClassesThat().resideInAPackage("io.sagaplatform.orchestrator.placeorder..")
            .because("a saga registers its definitions and starter; the rest looks it up by type and version");
}
