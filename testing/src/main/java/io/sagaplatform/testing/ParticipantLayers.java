package io.sagaplatform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Arrays;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer rules every saga participant keeps (each service's {@code ArchitectureTest} applies them to its own
 * root package): {@code domain} is plain Java and JPA — no messaging, contracts, REST, Quarkus or other layer;
 * {@code application} answers commands through the participant API and sees neither envelopes nor the outbox
 * (except the classes named as publishers of events); nothing below {@code api} depends on it.
 */
public final class ParticipantLayers {

    private static final String ENVELOPE = "io.sagaplatform.messaging.dispatch.Envelope";
    private static final String OUTBOX = "io.sagaplatform.messaging.outbox.Outbox";
    private static final String MESSAGE_HANDLER = "io.sagaplatform.messaging.dispatch.MessageHandler";

    private ParticipantLayers() {
    }

    /** {@code <root>.domain} depends on nothing but the JDK, JPA and itself. */
    public static ArchRule domainIsPlain(String root) {
        return noClasses().that().resideInAPackage(root + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sagaplatform.messaging..",
                        "io.sagaplatform.contracts..", "io.sagaplatform.rest..", "jakarta.ws.rs..", "jakarta.enterprise..",
                        "jakarta.transaction..", "io.quarkus..", "io.vertx..", "io.smallrye..", "org.apache.kafka..",
                        "org.jboss.resteasy..", root + ".api..", root + ".application..")
                .because("the domain holds the business rules, free of transport and framework");
    }

    /**
     * {@code <root>.application} uses the participant API: no {@code Envelope}, no hand-written
     * {@code MessageHandler}, and no {@code Outbox} outside {@code eventPublishers} (classes that publish a domain
     * event of their own, such as order-service's placement).
     */
    public static ArchRule applicationAnswersThroughTheParticipantApi(String root, String... eventPublishers) {
        DescribedPredicate<JavaClass> publisher = DescribedPredicate.describe("an event publisher",
                c -> Arrays.asList(eventPublishers).contains(c.getName()));
        return noClasses().that().resideInAPackage(root + ".application..").and(DescribedPredicate.not(publisher))
                .should().dependOnClassesThat().haveFullyQualifiedName(ENVELOPE)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(OUTBOX)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(MESSAGE_HANDLER)
                .because("a participant's handlers return their replies; the dispatcher writes and replays them");
    }

    /** Nothing outside {@code <root>.api} depends on the REST layer. */
    public static ArchRule onlyTheApiKnowsRest(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".api..", "jakarta.ws.rs..")
                .because("REST is an adapter at the edge");
    }
}
