package org.openiothub.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A back end reading cloud-to-device feedback from {@code messages/servicebound/feedback} over AMQP 1.0 (port
 * 5672), signed in as it signs in to the events endpoint.
 */
final class FeedbackReader implements AutoCloseable {

    static final String ADDRESS = "messages/servicebound/feedback";

    /** One feedback message as received: its content type and its records. */
    record Batch(String contentType, List<JsonObject> records) {

        /** @return the record about {@code originalMessageId}, or {@code null} */
        JsonObject recordOf(String originalMessageId) {
            return records.stream().filter(record -> originalMessageId.equals(record.get("originalMessageId").getAsString()))
                    .findFirst().orElse(null);
        }
    }

    private final Client client = Client.create();
    private final Connection connection;
    private final Receiver receiver;

    private FeedbackReader(String user, String password) throws ClientException, ExecutionException,
            InterruptedException, java.util.concurrent.TimeoutException {
        ConnectionOptions options = new ConnectionOptions().user(user).password(password);
        options.saslOptions().addAllowedMechanism("PLAIN");
        connection = client.connect("127.0.0.1", 5672, options);
        receiver = connection.openReceiver(ADDRESS);
        receiver.openFuture().get(10, TimeUnit.SECONDS);
    }

    static FeedbackReader open(String policy, String token) throws Exception {
        try {
            return new FeedbackReader(policy, token);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The next feedback batch, accepted; {@code null} on timeout. */
    Batch next(Duration timeout) throws ClientException {
        Delivery delivery = receiver.receive(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (delivery == null) {
            return null;
        }
        Message<Object> message = delivery.message();
        delivery.accept();
        List<JsonObject> records = new ArrayList<>();
        String json = new String((byte[]) message.body(), StandardCharsets.UTF_8);
        for (JsonElement record : JsonParser.parseString(json).getAsJsonArray()) {
            records.add(record.getAsJsonObject());
        }
        return new Batch(message.contentType(), records);
    }

    /**
     * The batch holding the record about {@code originalMessageId}, reading (and accepting) batches until it comes;
     * {@code null} when it does not within {@code timeout}.
     */
    Batch batchWith(String originalMessageId, Duration timeout) throws ClientException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Batch batch = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (batch == null) {
                return null;
            }
            if (batch.recordOf(originalMessageId) != null) {
                return batch;
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
