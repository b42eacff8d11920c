package org.openiothub.benchmark;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * Consumes the built-in events endpoint while devices publish, so the measurement covers delivery to a
 * back-end reader and the broker's queue stays short. Plain AMQP 1.0 with SASL PLAIN (policy name and SAS
 * token), one receiver on {@value #ADDRESS}, every delivery accepted.
 */
final class EventsDrain implements AutoCloseable {

    static final String ADDRESS = "messages/events::$Default";
    static final String DEVICE_ID = "iothub-connection-device-id";
    private static final int CREDIT = 1_000;

    private final Client client;
    private final Connection connection;
    private final Receiver receiver;
    private final LongAdder received = new LongAdder();
    private final Thread worker;
    private final Listener listener;
    private volatile boolean running = true;
    private volatile String failure;

    /** Hears each received message's device and application property {@code seq}, on the drain's thread. */
    @FunctionalInterface
    interface Listener {

        /** @param seq the property's value, {@code null} when the message has none */
        void received(String deviceId, Object seq);
    }

    private EventsDrain(Client client, Connection connection, Receiver receiver, Listener listener) {
        this.listener = listener;
        this.client = client;
        this.connection = connection;
        this.receiver = receiver;
        this.worker = new Thread(this::drain, "events-drain");
        this.worker.setDaemon(true);
    }

    /**
     * Connects, attaches the receiver and starts consuming on a thread of its own.
     *
     * @param password a SAS token of {@code user}'s policy
     * @throws ClientException when the connection or the link is refused
     */
    static EventsDrain start(String host, int port, String user, String password) throws ClientException {
        return start(host, port, user, password, null);
    }

    /**
     * As {@link #start(String, int, String, String)}, decoding every message for {@code listener}.
     *
     * @param listener {@code null} to skip decoding
     */
    static EventsDrain start(String host, int port, String user, String password, Listener listener)
            throws ClientException {
        Client client = Client.create(new ClientOptions().id("benchmark-events-drain"));
        ConnectionOptions options = new ConnectionOptions()
                .user(user)
                .password(password)
                .sslEnabled(false)
                .openTimeout(15, TimeUnit.SECONDS)
                .closeTimeout(5, TimeUnit.SECONDS);
        options.saslOptions().addAllowedMechanism("PLAIN");
        Connection connection = null;
        try {
            connection = client.connect(host, port, options);
            Receiver receiver = connection.openReceiver(ADDRESS,
                    new ReceiverOptions().creditWindow(CREDIT).autoAccept(false));
            receiver.openFuture().get(15, TimeUnit.SECONDS);
            EventsDrain drain = new EventsDrain(client, connection, receiver, listener);
            drain.worker.start();
            return drain;
        } catch (Exception e) {
            if (connection != null) {
                connection.close();
            }
            client.close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ClientException("Attaching " + ADDRESS + " at " + host + ":" + port + " failed: " + cause, cause);
        }
    }

    /** Messages received so far. */
    long received() {
        return received.sum();
    }

    /** Why the receiver stopped early, or {@code null} while it is healthy. */
    String failure() {
        return failure;
    }

    private void drain() {
        try {
            while (running) {
                Delivery delivery = receiver.receive(100, TimeUnit.MILLISECONDS);
                if (delivery != null && listener != null) {
                    Message<?> message = delivery.message();
                    Object deviceId = message.annotation(DEVICE_ID);
                    listener.received(deviceId == null ? null : deviceId.toString(), message.property("seq"));
                    delivery.accept();
                    received.increment();
                } else if (delivery != null) {
                    // The payload is a pooled buffer that only closing its stream returns; the body is not needed.
                    delivery.rawInputStream().close();
                    delivery.accept();
                    received.increment();
                }
            }
        } catch (ClientException | IOException e) {
            if (running) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.join(2_000);
        receiver.close();
        connection.close();
        client.close();
    }
}
