package io.sagaplatform.shipping;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import io.sagaplatform.testing.ParticipantLayers;

/** The participant layer rules (ParticipantLayers) over this service's classes. */
@AnalyzeClasses(packages = "io.sagaplatform.shipping", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests layers = ArchTests.in(ParticipantLayers.class);
}
