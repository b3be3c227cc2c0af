package io.sagaplatform.orchestrator.application;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the orchestrator decides whether a timed-out command is resent (orchestrator README, "Timeouts under
 * load"): resend only what a participant consumed without answering, within a budget.
 */
@ConfigMapping(prefix = "saga.orchestrator.delivery")
public interface DeliveryConfig {

    /**
     * Whether a reply timeout first asks Kafka whether the participant has consumed the command. Off, every
     * timeout resends (within the budget), as a platform without this evidence would.
     */
    @WithDefault("true")
    boolean evidence();

    /**
     * The consumer group that reads each command topic, when it is not the convention's: {@code <context>.commands}
     * is read by {@code <context>-service}.
     */
    Map<String, String> groups();

    /**
     * The topic the orchestrator reads replies from (one of its inbound topics): a consumed command is not resent
     * while replies to its saga wait unread there.
     */
    @WithDefault("saga.replies")
    String repliesTopic();

    /** How old the consumer groups' committed offsets may be when a timeout asks for them. */
    @WithDefault("1s")
    Duration refreshEvery();

    /** How long one look at Kafka may take before the timeout falls back to "consumed" (resend, budgeted). */
    @WithDefault("3s")
    Duration adminTimeout();

    /** Commands whose partition and offset (as the relay saw them acknowledged) are remembered. */
    @WithDefault("200000")
    int remembered();

    /** Resends earned per command sent for the first time: at most this share of sends are resends. */
    @WithDefault("0.01")
    double resendRatio();

    /** Resends that may be spent at once (and the budget a freshly started orchestrator has). */
    @WithDefault("20")
    int resendBurst();

    /** Resends earned per second regardless of traffic, so a quiet platform can still resend a lost command. */
    @WithDefault("0.2")
    double resendsPerSecond();
}
