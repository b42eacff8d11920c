package org.openiothub.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/** A back end reading the built-in events endpoint over AMQP 1.0 (port 5672), as any AMQP client would. */
public final class EventsReader implements AutoCloseable {

    private final Client client = Client.create();
    private final Connection connection;
    private final Receiver receiver;

    private EventsReader(String host, String user, String password, String consumerGroup) throws Exception {
        ConnectionOptions options = new ConnectionOptions().user(user).password(password);
        options.saslOptions().addAllowedMechanism("PLAIN");
        connection = client.connect(host, 5672, options);
        receiver = connection.openReceiver("messages/events::" + consumerGroup);
        receiver.openFuture().get(10, TimeUnit.SECONDS);
    }

    static EventsReader open(String policy, String token, String consumerGroup) throws Exception {
        return open("127.0.0.1", policy, token, consumerGroup);
    }

    /** A reader of the hub (or node of a cluster) listening on {@code host}. */
    public static EventsReader open(String host, String policy, String token, String consumerGroup) throws Exception {
        try {
            return new EventsReader(host, policy, token, consumerGroup);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Which events a reader waits for. */
    @FunctionalInterface
    interface EventFilter {
        boolean test(Message<Object> event) throws ClientException;
    }

    /** The next event sent by {@code deviceId}, skipping (and settling) other devices' events; null on timeout. */
    public Message<Object> next(String deviceId, Duration timeout) throws ClientException {
        return next(message -> deviceId.equals(message.annotation("iothub-connection-device-id")), timeout);
    }

    /** The next event that {@code wanted} accepts, skipping (and settling) the others; null on timeout. */
    Message<Object> next(EventFilter wanted, Duration timeout) throws ClientException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Delivery delivery = receiver.receive(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (delivery == null) {
                return null;
            }
            Message<Object> message = delivery.message();
            delivery.accept();
            if (wanted.test(message)) {
                return message;
            }
        }
        return null;
    }

    @Override
    public void close() {
        connection.close();
        client.close();
    }
}
