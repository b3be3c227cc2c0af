package io.sagaplatform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer rules every saga participant keeps; a service applies them to its own classes with
 * {@code @ArchTest static final ArchTests layers = ArchTests.in(ParticipantLayers.class)} under
 * {@code @AnalyzeClasses(packages = "<its root package>")}: {@code domain} is plain Java and JPA; command handlers
 * answer through the participant API and see neither envelopes nor the outbox; REST stays in {@code api}; no
 * packages depend on each other in a cycle.
 */
public final class ParticipantLayers {

    private static final String ENVELOPE = "io.sagaplatform.messaging.dispatch.Envelope";
    private static final String MESSAGE_HANDLER = "io.sagaplatform.messaging.dispatch.MessageHandler";
    private static final String OUTBOX = "io.sagaplatform.messaging.outbox.Outbox";
    private static final String SAGA_PARTICIPANT = "io.sagaplatform.messaging.participant.SagaParticipant";

    private ParticipantLayers() {
    }

    @ArchTest
    static final ArchRule domainIsPlain = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sagaplatform.messaging..",
                    "io.sagaplatform.contracts..", "io.sagaplatform.rest..", "jakarta.ws.rs..", "jakarta.enterprise..",
                    "jakarta.transaction..", "io.quarkus..", "io.vertx..", "io.smallrye..", "org.apache.kafka..",
                    "org.jboss.resteasy..", "..api..", "..application..")
            .because("the domain holds the business rules, free of transport and framework");

    @ArchTest
    static final ArchRule applicationSeesNoEnvelope = noClasses().that().resideInAPackage("..application..")
            .should().dependOnClassesThat().haveFullyQualifiedName(ENVELOPE)
            .orShould().dependOnClassesThat().haveFullyQualifiedName(MESSAGE_HANDLER)
            .because("commands are answered through the participant API, which hides the envelope");

    @ArchTest
    static final ArchRule participantsReturnTheirReplies = noClasses().that().implement(SAGA_PARTICIPANT)
            .should().dependOnClassesThat().haveFullyQualifiedName(OUTBOX)
            .because("a handler returns its reply; the dispatcher writes it to the outbox and replays it on"
                    + " redelivery (the outbox is for a service's own domain events)");

    @ArchTest
    static final ArchRule onlyTheApiKnowsRest = noClasses().that().resideOutsideOfPackage("..api..")
            .should().dependOnClassesThat().resideInAnyPackage("..api..", "jakarta.ws.rs..")
            .because("REST is an adapter at the edge");

    /** The rules above order domain, application and api; this one also covers any package they do not name. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.sagaplatform.(**)").should().beFreeOfCycles();
}
