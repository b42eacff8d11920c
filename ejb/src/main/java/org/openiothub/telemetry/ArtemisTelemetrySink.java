package org.openiothub.telemetry;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.openiothub.auth.InternalBrokerCredentials;
import org.openiothub.endpoint.ArtemisConsumerGroups;

/**
 * Stores telemetry on the built-in events endpoint, the Artemis multicast address {@value #ADDRESS}, with core
 * sessions of the gateway connection factory, whose confirmation window makes the broker report each durable
 * send once its journal holds it. Each calling thread (a gateway event loop) keeps to one lane, so its messages
 * are confirmed in order and no thread waits for another. It opens its sessions when the application starts,
 * with the broker credentials registered, so that no caller waits for that.
 */
@Singleton
@Startup
@DependsOn("BrokerCredentialRegistration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ArtemisTelemetrySink implements TelemetrySink {

    public static final String ADDRESS = ArtemisConsumerGroups.EVENTS_ADDRESS;
    /** A send the broker has not confirmed by then is reported as failed (the device then sends it again). */
    static final long CONFIRMATION_TIMEOUT_SECONDS = 30;

    @Resource(lookup = "java:/jms/hub/GatewayConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource
    ManagedExecutorService executor;

    @Inject
    InternalBrokerCredentials credentials;

    private final SimpleString address = SimpleString.of(ADDRESS);
    private final Map<Thread, Integer> laneOfThread = new ConcurrentHashMap<>();
    private final AtomicInteger nextLane = new AtomicInteger();
    private ClientSessionFactory sessionFactory;
    private AtomicReferenceArray<ArtemisSendLane> lanes;
    private AtomicReferenceArray<Boolean> reopening;
    private volatile boolean closed;

    @PostConstruct
    void open() {
        int count = Math.max(2, Runtime.getRuntime().availableProcessors());
        lanes = new AtomicReferenceArray<>(count);
        reopening = new AtomicReferenceArray<>(count);
        try {
            sessionFactory = ((ActiveMQConnectionFactory) connectionFactory).getServerLocator().createSessionFactory();
            for (int i = 0; i < count; i++) {
                lanes.set(i, openLane());
                reopening.set(i, false);
            }
            lanes.get(0).ensureEventsEndpoint();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot open sessions on the embedded broker for telemetry: " + e.getMessage(), e);
        }
        TelemetryLogger.LOG.opened(ADDRESS, count);
    }

    @PreDestroy
    void close() {
        closed = true;
        if (lanes != null) {
            for (int i = 0; i < lanes.length(); i++) {
                ArtemisSendLane lane = lanes.getAndSet(i, null);
                if (lane != null) {
                    lane.close();
                }
            }
        }
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }

    @Override
    public CompletionStage<Void> send(TelemetryMessage message) {
        int index = laneIndex();
        ArtemisSendLane lane = lanes.get(index);
        if (closed || lane == null || !lane.isOpen()) {
            reopen(index, lane);
            return CompletableFuture.failedFuture(new IllegalStateException("The broker session for telemetry is not open"));
        }
        try {
            return lane.send(message).toCompletableFuture()
                    .orTimeout(CONFIRMATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ActiveMQException | RuntimeException e) {
            reopen(index, lane);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Threads take lanes round-robin on first use and keep them; dead threads are forgotten now and then. */
    private int laneIndex() {
        Thread thread = Thread.currentThread();
        Integer index = laneOfThread.get(thread);
        if (index == null) {
            if (laneOfThread.size() > 4 * lanes.length()) {
                laneOfThread.keySet().removeIf(t -> !t.isAlive());
            }
            index = laneOfThread.computeIfAbsent(thread, t -> Math.floorMod(nextLane.getAndIncrement(), lanes.length()));
        }
        return index;
    }

    /** Replaces a broken lane off the caller's thread, since opening a session blocks. */
    private void reopen(int index, ArtemisSendLane broken) {
        if (closed || !reopening.compareAndSet(index, false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    if (closed || lanes.get(index) != broken) {
                        return;
                    }
                    ArtemisSendLane fresh = openLane();
                    if (lanes.compareAndSet(index, broken, fresh)) {
                        if (broken != null) {
                            broken.close();
                        }
                        TelemetryLogger.LOG.laneReopened(index);
                    } else {
                        fresh.close();
                    }
                } catch (ActiveMQException | RuntimeException e) {
                    TelemetryLogger.LOG.cannotReopenLane(index, e.toString());
                } finally {
                    reopening.set(index, false);
                }
            });
        } catch (RejectedExecutionException e) {
            reopening.set(index, false);
        }
    }

    private ArtemisSendLane openLane() throws ActiveMQException {
        return ArtemisSendLane.open(sessionFactory, credentials.user(), credentials.password(), address);
    }
}
