package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.engine.Delivery;

/**
 * What serves one attached link, kept as the link's context. Called on the connection's event loop only.
 */
interface LinkEndpoint {

    /** A transfer arrived (receiving links) or the peer settled or updated one of ours (sending links). */
    default void onDelivery(Delivery delivery) {
    }

    /** The peer granted credit (sending links). */
    default void onFlow() {
    }

    /** The connection's outbound buffer drained below its high-water mark again. */
    default void onWritable() {
    }

    /**
     * The claim this link lives on: when it expires without renewal the link is closed. {@code null} for links
     * that need none ({@code $cbs}).
     */
    String claimKey();

    /** The link is gone, closed by either side or with its connection. Called once. */
    void onClosed();
}
