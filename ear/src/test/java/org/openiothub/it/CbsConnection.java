package org.openiothub.it;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;

/**
 * A plain AMQP 1.0 client of the hub's 5671 endpoint, speaking claims-based security by hand: for the tests of what
 * the SDKs never do wrong on purpose.
 */
final class CbsConnection implements AutoCloseable {

    /** A put-token's answer. */
    record Answer(Object correlationId, Object statusCode, Object description) {
    }

    private final Client client = Client.create();
    final Connection connection;
    private final Sender requests;
    private final Receiver answers;

    CbsConnection() throws Exception {
        ConnectionOptions options = new ConnectionOptions();
        options.sslOptions().sslEnabled(true)
                .sslContextOverride(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()));
        options.saslOptions().addAllowedMechanism("ANONYMOUS");
        connection = client.connect("127.0.0.1", 5671, options);
        connection.openFuture().get(10, TimeUnit.SECONDS);
        requests = connection.openSender("$cbs");
        answers = connection.openReceiver("$cbs");
        answers.openFuture().get(10, TimeUnit.SECONDS);
    }

    Answer putToken(String audience, String token) throws Exception {
        Message<String> request = Message.create(token);
        UUID id = UUID.randomUUID();
        request.messageId(id);
        request.replyTo("cbs");
        request.to("$cbs");
        request.property("operation", "put-token");
        request.property("type", "servicebus.windows.net:sastoken");
        request.property("name", audience);
        requests.send(request);
        Delivery delivery = answers.receive(15, TimeUnit.SECONDS);
        if (delivery == null) {
            throw new AssertionError("no answer to the put-token for " + audience);
        }
        Message<Object> answer = delivery.message();
        delivery.accept();
        return new Answer(answer.correlationId(), answer.property("status-code"), answer.property("status-description"));
    }

    Sender openSender(String address) throws ClientException {
        return connection.openSender(address, new SenderOptions());
    }

    static Map<String, Object> noProperties() {
        return Map.of();
    }

    @Override
    public void close() {
        connection.close();
        client.close();
    }
}
