package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * Input that once made the hub answer 500, store garbage or hold a connection for ever: each is now refused with the
 * protocol's own error, and the hub keeps its state.
 */
class HostileInputIT {

    private static final int CONNECT_TIMEOUT_SECONDS = HubUnderTest.MQTT_CONNECT_TIMEOUT_SECONDS;

    private static ServiceApi api;
    private static RegistryClient registry;

    @BeforeAll
    static void connect() {
        api = new ServiceApi();
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
    }

    private static String deep(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    @Test
    void deeplyNestedJsonIsAFormatErrorNotAServerError() throws Exception {
        Device device = registry.addDevice(new Device("deep-" + UUID.randomUUID()));
        String id = device.getDeviceId();
        String owner = api.ownerToken();
        ServiceApi.Reply twin = api.call("PATCH", "/twins/" + id, "{\"tags\":" + deep(5_000) + "}", owner);
        assertEquals(400, twin.status(), twin.body());
        assertTrue(twin.body().contains("IotHubFormatError"), twin.body());

        assertEquals(400, api.call("PUT", "/devices/deep-new-" + UUID.randomUUID(), deep(100_000), owner).status());
        assertEquals(400, api.call("POST", "/devices", "[".repeat(5_000) + "]".repeat(5_000), owner).status());
        assertEquals(400, api.call("POST", "/twins/" + id + "/methods",
                "{\"methodName\":\"m\",\"payload\":" + deep(2_000) + "}", owner).status());
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedAndNothingIsStored() throws Exception {
        Device device = registry.addDevice(new Device("utf8-" + UUID.randomUUID()));
        byte[] body = {'{', '"', 't', 'a', 'g', 's', '"', ':', '{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '}'};
        ServiceApi.Reply reply = api.callBytes("PATCH", "/twins/" + device.getDeviceId(), body, api.ownerToken());
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.body().contains("IotHubFormatError"), reply.body());

        ServiceApi.Reply twin = api.call("GET", "/twins/" + device.getDeviceId(), null, api.ownerToken());
        assertFalse(twin.body().contains("\"a\":"), twin.body());
    }

    @Test
    void aBodyOverTheLimitIsAnswered413InIotHubsShape() {
        byte[] body = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        ServiceApi.Reply reply = api.callBytes("PUT", "/devices/huge-" + UUID.randomUUID(), body, api.ownerToken());
        assertEquals(413, reply.status(), reply.body());
        assertTrue(reply.body().contains("ErrorCode:MessageTooLarge"), reply.body());
    }

    @Test
    void oddDeviceIdsAreAnsweredInIotHubsShapeNeverWithAServerError() {
        String owner = api.ownerToken();
        for (String id : new String[] {"%FF", "%C3%28", "a%2Fb", "a%00b", "a%0Ab", "..", "%2E%2E", "..%2F..%2Fetc"}) {
            for (String path : new String[] {"/devices/" + id, "/twins/" + id}) {
                ServiceApi.Reply reply = api.call("GET", path, null, owner);
                assertTrue(reply.status() == 400 || reply.status() == 404, path + " -> " + reply.status());
                assertTrue(reply.body().startsWith("{\"Message\":\"ErrorCode:"), path + " -> " + reply.body());
            }
        }
        ServiceApi.Reply notUtf8 = api.call("PUT", "/devices/%FF", "{}", owner);
        assertEquals(400, notUtf8.status());
        assertTrue(notUtf8.body().contains("ArgumentInvalid"), notUtf8.body());
    }

    @Test
    void aQueryWithThousandsOfChainedOperatorsIsArgumentInvalidWithAPosition() {
        String query = "SELECT * FROM devices WHERE tags.n = 1" + "+1".repeat(4_000);
        ServiceApi.Reply reply = api.call("POST", "/devices/query", "{\"query\":\"" + query + "\"}", api.ownerToken());
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.body().contains("ArgumentInvalid") && reply.body().contains("position"), reply.body());
    }

    @Test
    void aDeeplyNestedReportedPatchOverMqttIsAnswered400() throws Exception {
        Device device = registry.addDevice(new Device("deep-mqtt-" + UUID.randomUUID()));
        try (MqttDevice mqtt = MqttDevice.connect(api.host(), device.getDeviceId(),
                SasTokens.device(api.host(), device.getDeviceId(), device.getPrimaryKey()))) {
            mqtt.client.subscribe("$iothub/twin/res/#", 0);
            mqtt.client.publish("$iothub/twin/PATCH/properties/reported/?$rid=deep",
                    new MqttMessage(deep(5_000).getBytes(StandardCharsets.UTF_8)));
            MqttDevice.Received answer = mqtt.received.poll(30, TimeUnit.SECONDS);
            assertNotNull(answer);
            assertEquals("$iothub/twin/res/400/?$rid=deep", answer.topic());
        }
    }

    /** A client that trickles its CONNECT a byte at a time used to keep the connection open for as long as it liked. */
    @Test
    void aConnectionWhoseConnectNeverCompletesIsClosedAtTheDeadline() throws Exception {
        SSLContext tls = IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString());
        long started = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 8883), 10_000);
            socket.startHandshake();
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // CONNECT announcing 100 bytes, sent one byte a second
            byte[] connect = {0x10, 100, 0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC0, 0, 60, 0, 80};
            boolean closed = false;
            for (int i = 0; !closed && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_SECONDS + 20); i++) {
                try {
                    out.write(i < connect.length ? connect[i] : 'x');
                    out.flush();
                    closed = in.read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    closed = true;
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertTrue(closed, "still open after " + seconds + " s");
            assertTrue(seconds <= CONNECT_TIMEOUT_SECONDS + 5, "closed only after " + seconds + " s");
        }
    }
}
