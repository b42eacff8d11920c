package org.openiothub.benchmark;

import java.util.concurrent.CompletableFuture;

/** Carries {@link ServiceRequest}s to the hub's HTTPS endpoint. */
interface ServiceTransport extends AutoCloseable {

    /**
     * Sends now or once the transport has room; never blocks.
     *
     * @return completes with any answer the hub gives, whatever its status; completes exceptionally when none
     *         arrives within the transport's time-out ({@link java.util.concurrent.TimeoutException}) or the
     *         connection fails
     */
    CompletableFuture<ServiceReply> send(ServiceRequest request);

    /** Closes the connections; requests still outstanding fail. */
    @Override
    void close();
}
