package io.sagaplatform.inventory;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.sagaplatform.testing.ParticipantLayers;

/** The participant's layers (ParticipantLayers): plain domain, handlers through the participant API, REST at the edge. */
@AnalyzeClasses(packages = "io.sagaplatform.inventory", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.sagaplatform.inventory";

    @ArchTest
    static final ArchRule domainIsPlain = ParticipantLayers.domainIsPlain(ROOT);

    @ArchTest
    static final ArchRule applicationAnswersThroughTheParticipantApi =
            ParticipantLayers.applicationAnswersThroughTheParticipantApi(ROOT);

    @ArchTest
    static final ArchRule onlyTheApiKnowsRest = ParticipantLayers.onlyTheApiKnowsRest(ROOT);
}
