package io.sagaplatform.orchestrator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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

    private static final String[] GENERIC = { "io.sagaplatform.orchestrator.application..",
            "io.sagaplatform.orchestrator.persistence..", "io.sagaplatform.orchestrator.messaging..",
            "io.sagaplatform.orchestrator.dashboard.." };

    @ArchTest
    static final ArchRule onlyASagasOwnPackageKnowsIt = noClasses().that().resideInAnyPackage(GENERIC)
            .should().dependOnClassesThat().resideInAPackage("io.sagaplatform.orchestrator.placeorder..")
            .because("a saga registers its definitions and starter; the rest looks it up by type and version");

    /** The same for every saga package to come: the generic parts know the engine and each other, nothing else. */
    @ArchTest
    static final ArchRule theGenericPartsKnowNoSagaPackage = noClasses().that().resideInAnyPackage(GENERIC)
            .should().dependOnClassesThat(resideInAPackage("io.sagaplatform.orchestrator..")
                    .and(not(resideInAnyPackage("io.sagaplatform.orchestrator.engine..", GENERIC[0], GENERIC[1],
                            GENERIC[2], GENERIC[3]))))
            .because("only a saga's own package (placeorder, …) knows that saga");
}
