package io.sagaplatform.messaging;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Which part of the messaging module may use which. The root package is the shared kernel (configuration, the
 * producer, the saga context) that every part uses; {@code tracing} carries a trace context across the CDC hop;
 * the outbox writes rows and the relay publishes them, without knowing each other's classes (the table is their
 * contract); the inbound side is on top: {@code dispatch} reads a record, de-duplicates it through {@code inbox},
 * runs a handler or a {@code participant}, and writes a participant's reply through {@code outbox}; {@code database}
 * (which failures pass by themselves) is a leaf the inbound side asks, as the REST layer of every service does.
 * Nothing below calls up.
 */
@AnalyzeClasses(packages = "io.sagaplatform.messaging", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.sagaplatform.messaging";

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("Kernel").definedBy(ROOT)
            .layer("Database").definedBy(ROOT + ".database..")
            .layer("Tracing").definedBy(ROOT + ".tracing..")
            .layer("Outbox").definedBy(ROOT + ".outbox..")
            .layer("Inbox").definedBy(ROOT + ".inbox..")
            .layer("Participant").definedBy(ROOT + ".participant..")
            .layer("Relay").definedBy(ROOT + ".relay..")
            .layer("Dispatch").definedBy(ROOT + ".dispatch..")
            .whereLayer("Dispatch").mayNotBeAccessedByAnyLayer()
            .whereLayer("Relay").mayNotBeAccessedByAnyLayer()
            .whereLayer("Participant").mayOnlyBeAccessedByLayers("Dispatch")
            .whereLayer("Inbox").mayOnlyBeAccessedByLayers("Dispatch")
            .whereLayer("Outbox").mayOnlyBeAccessedByLayers("Dispatch")
            .whereLayer("Tracing").mayOnlyBeAccessedByLayers("Outbox", "Relay", "Dispatch")
            .whereLayer("Database").mayOnlyBeAccessedByLayers("Dispatch")
            .because("the inbound side builds on the outbox and the inbox, the relay only reads the outbox table,"
                    + " and the kernel and the participant API depend on no part that uses them (a new package"
                    + " fails this rule until it is given its place here)");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.sagaplatform.(**)").should().beFreeOfCycles();
}
