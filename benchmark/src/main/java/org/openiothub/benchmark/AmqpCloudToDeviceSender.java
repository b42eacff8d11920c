package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;

/**
 * A back end sending cloud-to-device messages over AMQP, as the Java service SDK's messaging client does: one
 * connection, a put-token for the owner policy (audience {@code <host>}), one sender to
 * {@code /messages/devicebound}; each message names its device in {@code to}, and its send completes when the hub
 * settles it (accepted: durably queued for the device). The number of unsettled sends is the caller's to bound.
 */
final class AmqpCloudToDeviceSender implements AmqpCbsClient, AutoCloseable {

    static final String ADDRESS = "/messages/devicebound";
    private static final Duration CLOSE = Duration.ofSeconds(5);

    private final String hubHostName;
    private final String token;
    private final AmqpClientConnection<AmqpCloudToDeviceSender> connection;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private Session session;
    private Sender sender;
    private long tag;

    private AmqpCloudToDeviceSender(String hubHostName, String token) {
        this.hubHostName = hubHostName;
        this.token = token;
        this.connection = new AmqpClientConnection<>(hubHostName);
    }

    /**
     * Connects, puts the token and attaches the sender.
     *
     * @param token a policy SAS token with {@code ServiceConnect} for {@code hubHostName}
     * @throws IllegalStateException when that fails or takes longer than {@code timeout}
     */
    static AmqpCloudToDeviceSender connect(Bootstrap bootstrap, SslContext tls, String host, int port,
            String hubHostName, String token, Duration timeout) throws InterruptedException {
        AmqpCloudToDeviceSender client = new AmqpCloudToDeviceSender(hubHostName, token);
        client.connection.connect(bootstrap, tls, host, port, timeout.toMillis());
        client.connection.add(client, timeout.toMillis());
        try {
            client.ready.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            client.close();
            throw new IllegalStateException("AMQP back end: " + MqttDeviceClient.describe(e), e);
        }
        return client;
    }

    /**
     * Sends a message to {@code deviceId}'s queue; never blocks.
     *
     * @return completes when the hub accepted it; exceptionally with the outcome when it did not
     */
    CompletableFuture<Void> send(String deviceId, String messageId, byte[] body) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        connection.execute(() -> {
            if (sender == null || !ready.isDone()) {
                settled.completeExceptionally(new IllegalStateException("not connected"));
                return;
            }
            Message message = Message.Factory.create();
            message.setMessageId(messageId);
            message.setAddress("/devices/" + deviceId + "/messages/devicebound");
            message.setBody(new Data(new Binary(body)));
            byte[] encoded = AmqpClientConnection.encode(message);
            // Proton holds the transfer until the hub gives credit.
            Delivery delivery = sender.delivery(Long.toString(++tag).getBytes(StandardCharsets.US_ASCII));
            delivery.setContext(settled);
            sender.send(encoded, 0, encoded.length);
            sender.advance();
        });
        return settled;
    }

    @Override
    public String audience() {
        return hubHostName;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public void begin(Session newSession) {
        session = newSession;
        session.open();
    }

    @Override
    public void authorized() {
        sender = AmqpClientConnection.openSender(session, "sender_link_c2d-" + UUID.randomUUID(), ADDRESS, this,
                Map.of(AmqpClientConnection.API_VERSION, AmqpClientConnection.API_VERSION_VALUE));
    }

    @Override
    public void attached() {
        ready.complete(null);
    }

    @Override
    public void flow() {
        // Proton sends what waits for credit by itself.
    }

    @Override
    @SuppressWarnings("unchecked")
    public void settled(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        delivery.settle();
        CompletableFuture<Void> settled = (CompletableFuture<Void>) delivery.getContext();
        if (state instanceof Accepted) {
            settled.complete(null);
        } else {
            settled.completeExceptionally(new IllegalStateException(AmqpClientConnection.describe(state)));
        }
    }

    @Override
    public void fail(String reason) {
        ready.completeExceptionally(new IllegalStateException(reason));
    }

    /** Sends still unsettled fail with the connection, so that the caller's bound on them is released. */
    @Override
    @SuppressWarnings("unchecked")
    public void closed(boolean expected, String reason) {
        fail(reason);
        if (sender == null) {
            return;
        }
        for (Delivery delivery = sender.head(); delivery != null; delivery = delivery.next()) {
            if (delivery.getContext() instanceof CompletableFuture<?> settled) {
                ((CompletableFuture<Void>) settled).completeExceptionally(new IllegalStateException(reason));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        ClientEventLoops.closeAll(java.util.List.of(connection), AmqpClientConnection::disconnect, CLOSE);
    }
}
