package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;
import org.apache.qpid.protonj2.client.exceptions.ClientException;
import org.apache.qpid.protonj2.client.exceptions.ClientLinkRemotelyClosedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** The AMQP endpoint's claims-based security and its answers to what no SDK sends, spoken by hand. */
class AmqpEndpointIT {

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @Test
    void aPutTokenIsAnsweredWithTheRequestsIdAndAnIntStatus() throws Exception {
        try (CbsConnection cbs = new CbsConnection()) {
            CbsConnection.Answer owner = cbs.putToken(api.host(), api.ownerToken());
            assertInstanceOf(UUID.class, owner.correlationId(), "the request's uuid comes back as a uuid");
            assertEquals(200, owner.statusCode());
            assertInstanceOf(Integer.class, owner.statusCode(), "the SDKs read the status as an AMQP int");

            String forged = SasTokens.policy(api.host(), "iothubowner", Base64.getEncoder().encodeToString(new byte[32]), 3600);
            assertEquals(401, cbs.putToken(api.host(), forged).statusCode());
            String unknown = "nobody-" + UUID.randomUUID();
            assertEquals(404, cbs.putToken(api.host() + "/devices/" + unknown,
                    SasTokens.device(api.host(), unknown, Base64.getEncoder().encodeToString(new byte[32]))).statusCode());
            assertEquals(400, cbs.putToken("other.example/devices/x", api.ownerToken()).statusCode());
        }
    }

    @Test
    void aLinkBeforeAValidTokenIsRefusedAndAfterOneItWorks() throws Exception {
        String id = "amqp-cbs-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        try (CbsConnection cbs = new CbsConnection()) {
            Sender early = cbs.openSender("/devices/" + id + "/messages/events");
            ExecutionException refused = assertThrows(ExecutionException.class, () -> early.openFuture().get(10, TimeUnit.SECONDS));
            assertTrue(String.valueOf(refused.getCause()).contains("put-token"), String.valueOf(refused.getCause()));

            assertEquals(200, cbs.putToken(api.host() + "/devices/" + id,
                    SasTokens.device(api.host(), id, device.getPrimaryKey())).statusCode());
            Sender events = cbs.openSender("/devices/" + id + "/messages/events");
            events.openFuture().get(10, TimeUnit.SECONDS);
            Tracker sent = events.send(Message.create("hello".getBytes(StandardCharsets.UTF_8)));
            assertTrue(sent.awaitSettlement(10, TimeUnit.SECONDS).remoteState().isAccepted());

            Sender another = cbs.openSender("/devices/someone-else/messages/events");
            assertThrows(ExecutionException.class, () -> another.openFuture().get(10, TimeUnit.SECONDS),
                    "a device's token covers none of another device's nodes");
        }
    }

    @Test
    void aLinkWhoseTokenExpiresIsClosedUnlessTheTokenIsRenewed() throws Exception {
        String id = "amqp-exp-" + UUID.randomUUID();
        String renewedId = "amqp-ren-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        Device renewed = registry.addDevice(new Device(renewedId));
        try (CbsConnection cbs = new CbsConnection()) {
            long soon = Instant.now().getEpochSecond() + 2;
            assertEquals(200, cbs.putToken(api.host() + "/devices/" + id, SasTokens.sign(api.host() + "/devices/" + id,
                    device.getPrimaryKey(), soon)).statusCode());
            assertEquals(200, cbs.putToken(api.host() + "/devices/" + renewedId, SasTokens.sign(api.host() + "/devices/" + renewedId,
                    renewed.getPrimaryKey(), soon)).statusCode());
            Sender expiring = cbs.openSender("/devices/" + id + "/messages/events");
            Sender kept = cbs.openSender("/devices/" + renewedId + "/messages/events");
            expiring.openFuture().get(10, TimeUnit.SECONDS);
            kept.openFuture().get(10, TimeUnit.SECONDS);
            assertEquals(200, cbs.putToken(api.host() + "/devices/" + renewedId,
                    SasTokens.device(api.host(), renewedId, renewed.getPrimaryKey())).statusCode());

            Thread.sleep(Duration.ofSeconds(9).toMillis()); // the expiry, the hub's grace of 5 s, and some
            ClientException closed = assertThrows(ClientException.class, () -> expiring.send(Message.create("late"))
                    .awaitSettlement(5, TimeUnit.SECONDS));
            ClientLinkRemotelyClosedException remote = assertInstanceOf(ClientLinkRemotelyClosedException.class, closed);
            assertNotNull(remote.getErrorCondition());
            assertEquals("amqp:unauthorized-access", remote.getErrorCondition().condition());
            assertTrue(kept.send(Message.create("still here")).awaitSettlement(10, TimeUnit.SECONDS).remoteState().isAccepted(),
                    "the renewed token keeps its link");
        }
    }

    @Test
    void garbageAfterTlsClosesThatConnectionAndNoOther() throws Exception {
        try (CbsConnection healthy = new CbsConnection()) {
            SSLContext tls = IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString());
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 5671), 10_000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] buffer = new byte[512];
                int total = 0;
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    total += read;
                    assertTrue(total < 4096, "the hub keeps talking to a client that speaks no AMQP");
                }
            }
            assertEquals(200, healthy.putToken(api.host(), api.ownerToken()).statusCode(), "the other connection is served");
        }
    }
}
