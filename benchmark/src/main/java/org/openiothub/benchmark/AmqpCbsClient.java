package org.openiothub.benchmark;

import java.util.concurrent.CompletableFuture;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Session;

/**
 * An identity on an {@link AmqpClientConnection}: a device or a back end that puts its token on the connection's
 * {@code $cbs} node, then attaches its links in its own session. The connection calls these on its event loop;
 * links whose context is the client report to it.
 */
interface AmqpCbsClient {

    /** The put-token's {@code name}: {@code <host>/devices/<id>} for a device, {@code <host>} for a policy. */
    String audience();

    /** The SAS token put on {@code $cbs}. */
    String token();

    /** Completes when the client's links are attached; exceptionally when anything before failed. */
    CompletableFuture<Void> ready();

    /** The connection is open: the client's session begins (before its put-token, as the Java SDK does). */
    void begin(Session session);

    /** Its put-token was answered 200: the client attaches its links, each with the client as its context. */
    void authorized();

    /** The hub attached one of the client's links (a sender with a target, a receiver with a source). */
    void attached();

    /** One of the client's links got credit. */
    void flow();

    /** A delivery arrived on one of the client's receiving links (possibly partial); a no-op for senders. */
    default void received(Delivery delivery) {
    }

    /** The hub gave a disposition for one of the client's deliveries. */
    void settled(Delivery delivery);

    /** Connecting failed: the put-token was refused, or time ran out; a no-op once ready. */
    void fail(String reason);

    /**
     * A link of the client or the connection went away; only the first call counts.
     *
     * @param expected whether the benchmark closed it
     */
    void closed(boolean expected, String reason);
}
