package org.openiothub.telemetry;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.openiothub.endpoint.ArtemisConsumerGroups;
import org.openiothub.endpoint.ArtemisEventsEndpoint;
import org.openiothub.eventhub.EventHubLog;
import org.openiothub.eventhub.EventHubWriter;
import org.openiothub.messaging.WildFlyEmbeddedBroker;

/**
 * Stores telemetry on the built-in events endpoint: in the Event Hub's log (its device's partition) and on the
 * Artemis multicast address {@value #ADDRESS} for the consumer-group queues read on 5672, a message confirmed once
 * both have it on disk. Both get the same encoded AMQP message; the broker gets it directly: AMQP back ends then get the stored bytes with no conversion
 * per delivery, and no client session stands between the gateways and the broker. Each calling thread (a gateway
 * event loop) keeps to one {@link ArtemisSendLane}, so its messages are confirmed in order and no thread waits for
 * another.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "EventHubLog"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ArtemisTelemetrySink implements TelemetrySink {

    public static final String ADDRESS = ArtemisConsumerGroups.EVENTS_ADDRESS;
    /** A send the broker has not confirmed by then is reported as failed (the device then sends it again). */
    static final long CONFIRMATION_TIMEOUT_SECONDS = 30;

    private final Map<Thread, ArtemisSendLane> laneOfThread = new ConcurrentHashMap<>();
    private final AtomicInteger nextLane = new AtomicInteger();
    private ArtemisSendLane[] lanes;
    private volatile boolean closed;

    @Inject
    EventHubLog eventHubLog;

    private EventHubWriter eventHub;

    @PostConstruct
    void open() {
        ActiveMQServer server = WildFlyEmbeddedBroker.server();
        try {
            ArtemisEventsEndpoint.ensure(server);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the events endpoint on the embedded broker: " + e.getMessage(), e);
        }
        lanes = new ArtemisSendLane[Math.max(2, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ArtemisSendLane(server, SimpleString.of(ADDRESS));
        }
        eventHub = eventHubLog.direct();
        TelemetryLogger.LOG.opened(ADDRESS, lanes.length);
    }

    @PreDestroy
    void close() {
        closed = true;
    }

    @Override
    public CompletionStage<Void> send(TelemetryMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("Telemetry is no longer accepted: the hub is stopping"));
        }
        byte[] encoded = AmqpTelemetryMessages.encode(message);
        CompletableFuture<Void> queued = lane().send(encoded).toCompletableFuture();
        CompletableFuture<?> logged = eventHub.append(message.deviceId(), encoded, message.enqueuedTime()).toCompletableFuture();
        return CompletableFuture.allOf(queued, logged).orTimeout(CONFIRMATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Threads take lanes round-robin on first use and keep them; dead threads are forgotten now and then. */
    private ArtemisSendLane lane() {
        Thread thread = Thread.currentThread();
        ArtemisSendLane lane = laneOfThread.get(thread);
        if (lane == null) {
            if (laneOfThread.size() > 4 * lanes.length) {
                laneOfThread.keySet().removeIf(t -> !t.isAlive());
            }
            lane = laneOfThread.computeIfAbsent(thread, t -> lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)]);
        }
        return lane;
    }
}
