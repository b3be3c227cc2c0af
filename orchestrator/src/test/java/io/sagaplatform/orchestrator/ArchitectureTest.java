package io.sagaplatform.orchestrator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
    static final ArchRule engineKnowsNothingAroundIt = noClasses().that()
            .resideInAPackage("io.sagaplatform.orchestrator.engine..")
            .should().dependOnClassesThat(resideInAPackage("io.sagaplatform.orchestrator..")
                    .and(not(resideInAPackage("io.sagaplatform.orchestrator.engine.."))))
            .because("the engine interprets any saga; persistence, the triggers, the dashboard and the sagas use it");

    private static final String[] GENERIC = { "io.sagaplatform.orchestrator.application..",
            "io.sagaplatform.orchestrator.persistence..", "io.sagaplatform.orchestrator.triggers..",
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

    /**
     * Who may use whom: the engine under everything; persistence stores the engine's state; the application runs
     * sagas on both; the triggers (replies, dead letters, timers) and the dashboard are adapters on top; a saga's own package (placeorder, cancelorder,
     * any to come) registers itself with the application. Nothing calls up.
     */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Engine").definedBy("io.sagaplatform.orchestrator.engine..")
            .layer("Persistence").definedBy(GENERIC[1])
            .layer("Application").definedBy(GENERIC[0])
            .layer("Triggers").definedBy(GENERIC[2])
            .layer("Dashboard").definedBy(GENERIC[3])
            .layer("Sagas").definedBy(resideInAPackage("io.sagaplatform.orchestrator..")
                    .and(not(resideInAPackage("io.sagaplatform.orchestrator.engine..")))
                    .and(not(resideInAnyPackage(GENERIC))))
            .whereLayer("Sagas").mayNotBeAccessedByAnyLayer()
            .whereLayer("Triggers").mayNotBeAccessedByAnyLayer()
            .whereLayer("Dashboard").mayNotBeAccessedByAnyLayer()
            .whereLayer("Application").mayOnlyBeAccessedByLayers("Triggers", "Dashboard", "Sagas")
            .whereLayer("Persistence").mayOnlyBeAccessedByLayers("Application", "Triggers", "Dashboard")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Persistence", "Application", "Triggers", "Dashboard",
                    "Sagas");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.sagaplatform.orchestrator.(**)").should()
            .beFreeOfCycles();
}
