package org.openiothub.benchmark;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
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
    private static final int CREDIT = 1_000;

    private final Client client;
    private final Connection connection;
    private final Receiver receiver;
    private final LongAdder received = new LongAdder();
    private final Consumer<String> messageIds;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile String failure;

    private EventsDrain(Client client, Connection connection, Receiver receiver, Consumer<String> messageIds) {
        this.client = client;
        this.connection = connection;
        this.receiver = receiver;
        this.messageIds = messageIds;
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
     * As {@link #start(String, int, String, String)}, handing the message id of every event to {@code messageIds}
     * (on the drain's thread) before accepting it.
     *
     * @param messageIds {@code null} when the ids are not needed: the events are then not decoded
     */
    static EventsDrain start(String host, int port, String user, String password, Consumer<String> messageIds)
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
            EventsDrain drain = new EventsDrain(client, connection, receiver, messageIds);
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
                if (delivery != null) {
                    if (messageIds != null) {
                        // Decoding the message returns its pooled buffer.
                        messageIds.accept(String.valueOf(delivery.message().messageId()));
                    } else {
                        // The payload is a pooled buffer that only closing its stream returns; the body is not needed.
                        delivery.rawInputStream().close();
                    }
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
