package org.openiothub.gateway.amqp;

/**
 * The broker queues back ends receive from ({@code messages/servicebound/feedback},
 * {@code messages/servicebound/filenotifications}): each AMQP link reads through a reader of its own.
 */
interface ServiceBoundQueues {

    /**
     * Opens a reader of {@code queue}.
     *
     * @throws RuntimeException when the broker cannot be reached or has no such queue
     */
    Reader open(String queue);

    /** A message taken from a queue, not yet acknowledged. */
    record Taken(String messageId, byte[] body, Object handle) {
    }

    /**
     * One reader of a queue. Its methods block on the broker, so they run off the event loops, one at a time. What
     * it took and did not acknowledge goes back to the queue when it is {@link #putBack() put back} or the reader
     * closes, for the next reader (of any node) to get.
     */
    interface Reader extends AutoCloseable {

        /** @return the next message of the queue, {@code null} when none waits */
        Taken next();

        /** The back end took {@code message}: it leaves the queue. */
        void acknowledge(Taken message);

        /** Everything taken and not acknowledged goes back to the queue. */
        void putBack();

        @Override
        void close();
    }
}
