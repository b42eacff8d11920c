package org.openiothub.eventhub;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** How the telemetry path appends to the Event Hub. */
public interface EventHubWriter {

    /**
     * Appends a device's event to its partition ({@link PartitionOf#device}), after every event this was called with
     * before for that partition on this node. The stage completes once the event is durable and readable, on a thread
     * of the writer's: dependent actions that block must run elsewhere. It completes exceptionally when the event could
     * not be stored; the caller then must not acknowledge it.
     *
     * @param message the stored AMQP message: properties, annotations and body
     */
    CompletionStage<?> append(String deviceId, byte[] message, Instant enqueuedTime);
}
