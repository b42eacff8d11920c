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
import org.apache.qpid.protonj2.client.DeliveryMode;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * Consumes the built-in events endpoint while devices publish, so the measurement covers delivery to a
 * back-end reader and the broker's queue stays short. Plain AMQP 1.0 with SASL PLAIN (policy name and SAS
 * token), one receiver on {@value #ADDRESS}. Deliveries are either each accepted (the broker then removes a
 * message when its disposition arrives) or settled by the broker as it sends them (at most once: no disposition
 * comes back, and the broker removes each message as it sends it).
 */
final class EventsDrain implements TelemetryDrain {

    static final String ADDRESS = "messages/events::$Default";
    static final String DEVICE_ID = "iothub-connection-device-id";
    /** Deliveries the broker may send ahead of the reader, unless a benchmark says otherwise. */
    static final int DEFAULT_CREDIT = 1_000;

    /** Hears each received message, decoded, on the drain's thread, before it is settled. */
    @FunctionalInterface
    interface Listener {
        void received(Message<?> message) throws ClientException;
    }

    private final Client client;
    private final Connection connection;
    private final Receiver receiver;
    private final LongAdder received = new LongAdder();
    private final Listener listener;
    private final boolean presettled;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile String failure;

    private EventsDrain(Client client, Connection connection, Receiver receiver, boolean presettled,
            Listener listener) {
        this.client = client;
        this.presettled = presettled;
        this.connection = connection;
        this.receiver = receiver;
        this.listener = listener;
        this.worker = new Thread(this::drain, "events-drain");
        this.worker.setDaemon(true);
    }

    /**
     * Connects, attaches the receiver and starts consuming on a thread of its own.
     *
     * @param password   a SAS token of {@code user}'s policy
     * @param presettled whether the broker settles each delivery as it sends it, rather than on the accept
     * @param credit     deliveries the broker may send ahead of the reader
     * @throws ClientException when the connection or the link is refused
     */
    static EventsDrain start(String host, int port, String user, String password, boolean presettled, int credit)
            throws ClientException {
        return start(host, port, user, password, presettled, credit, null);
    }

    /**
     * As {@link #start(String, int, String, String, boolean, int)}, decoding every message for {@code listener}.
     *
     * @param listener {@code null} when nothing of the messages is needed: they are then not decoded
     */
    static EventsDrain start(String host, int port, String user, String password, boolean presettled, int credit,
            Listener listener) throws ClientException {
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
                    new ReceiverOptions().creditWindow(credit).autoAccept(false)
                            .deliveryMode(presettled ? DeliveryMode.AT_MOST_ONCE : DeliveryMode.AT_LEAST_ONCE));
            receiver.openFuture().get(15, TimeUnit.SECONDS);
            EventsDrain drain = new EventsDrain(client, connection, receiver, presettled, listener);
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

    @Override
    public long received() {
        return received.sum();
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public String label() {
        return "AMQP";
    }

    @Override
    public String verdict(long acked) {
        return null;
    }

    private void drain() {
        try {
            while (running) {
                Delivery delivery = receiver.receive(100, TimeUnit.MILLISECONDS);
                if (delivery != null) {
                    if (listener != null) {
                        // Decoding the message returns its pooled buffer.
                        listener.received(delivery.message());
                    } else {
                        // The payload is a pooled buffer that only closing its stream returns; the body is not needed.
                        delivery.rawInputStream().close();
                    }
                    if (!presettled) {
                        delivery.accept();
                    }
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
