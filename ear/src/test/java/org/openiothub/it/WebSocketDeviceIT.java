package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * MQTT and AMQP over WebSockets on the HTTPS port ({@code /$iothub/websocket}): the official device SDK's
 * {@code MQTT_WS} and {@code AMQPS_WS} transports send telemetry, receive cloud-to-device messages, use their twins
 * and answer direct methods as over TCP, and a wrong key is refused; the service SDK's {@code AMQPS_WS} sends a
 * cloud-to-device message; a WebSocket that asks for another subprotocol, or a request that is no WebSocket, is refused
 * before any upgrade.
 */
class WebSocketDeviceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);

    /** The device SDK's WebSocket transports. */
    enum Transport {
        MQTT_WS(IotHubClientProtocol.MQTT_WS), AMQPS_WS(IotHubClientProtocol.AMQPS_WS);

        final IotHubClientProtocol protocol;

        Transport(IotHubClientProtocol protocol) {
            this.protocol = protocol;
        }
    }

    private static RegistryClient registry;
    private static TwinClient twins;
    private static DirectMethodsClient methods;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        methods = new DirectMethodsClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    private static SSLContext trustingTheHub() throws Exception {
        return IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString());
    }

    private static DeviceClient client(Transport transport, String deviceId, String key) throws Exception {
        return new DeviceClient(ConnectionStrings.device(api.host(), deviceId, key), transport.protocol,
                ClientOptions.builder().sslContext(trustingTheHub()).build());
    }

    private static Device newDevice(Transport transport) throws Exception {
        return registry.addDevice(new Device("ws-" + transport.name().toLowerCase() + "-" + UUID.randomUUID()));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void telemetryReachesTheBackEndWithItsProperties(Transport transport) throws Exception {
        Device device = newDevice(transport);
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            DeviceClient client = client(transport, device.getDeviceId(), device.getPrimaryKey());
            client.open(false);
            try {
                com.microsoft.azure.sdk.iot.device.Message message =
                        new com.microsoft.azure.sdk.iot.device.Message("{\"temperature\":21.5}");
                message.setMessageId("ws-mid-1");
                message.setContentType("application/json");
                message.setProperty("alert", "none");
                client.sendEvent(message);
                assertEquals(DeviceConnectionState.Connected, registry.getDevice(device.getDeviceId()).getConnectionState());
            } finally {
                client.close();
            }
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(device.getDeviceId(), RECEIVE);
            assertNotNull(event, "the event reached $Default");
            assertArrayEquals("{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
            assertEquals("ws-mid-1", String.valueOf(event.messageId()));
            assertEquals("application/json", event.contentType());
            assertEquals("none", event.property("alert"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aCloudToDeviceMessageIsReceived(Transport transport) throws Exception {
        Device device = newDevice(transport);
        try (DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device, transport.protocol)) {
            awaitConnected(device.getDeviceId());
            ServiceApi.Reply sent = api.call("POST", "/devices/" + device.getDeviceId() + "/messages/deviceBound", "lamp on",
                    Map.of("Authorization", api.ownerToken(), "iothub-messageid", "ws-c2d-1", "iothub-app-color", "red"));
            assertEquals(204, sent.status());
            com.microsoft.azure.sdk.iot.device.Message received = receiver.next(RECEIVE);
            assertNotNull(received, "the device got the message");
            assertArrayEquals("lamp on".getBytes(StandardCharsets.UTF_8), received.getBytes());
            assertEquals("ws-c2d-1", received.getMessageId());
            assertEquals("red", received.getProperty("color"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDeviceUsesItsTwinIsToldOfDesiredChangesAndAnswersMethods(Transport transport) throws Exception {
        Device device = newDevice(transport);
        String id = device.getDeviceId();
        DeviceClient client = client(transport, id, device.getPrimaryKey());
        client.open(false);
        try {
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications = new LinkedBlockingQueue<>();
            client.subscribeToDesiredProperties((twin, context) -> notifications.add(twin), null);
            client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200, payload.getPayloadAsJsonElement()), null);

            DeviceSdkTwins.report(client, Map.of("battery", 80));
            Twin reported = twins.get(id);
            assertEquals(80L, ((Number) reported.getReportedProperties().get("battery")).longValue());
            assertEquals(2, reported.getReportedProperties().getVersion());

            Twin change = new Twin(id);
            change.getDesiredProperties().put("fan", 5);
            twins.patch(change);
            com.microsoft.azure.sdk.iot.device.twin.Twin notification = notifications.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            while (notification != null && notification.getDesiredProperties().get("fan") == null) {
                notification = notifications.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            }
            assertNotNull(notification, "the device was told of the change");
            assertEquals(5, ((Number) notification.getDesiredProperties().get("fan")).intValue());

            var answer = methods.invoke(id, "echo", DirectMethodRequestOptions.builder().payload(Map.of("level", 7))
                    .methodResponseTimeoutSeconds(15).methodConnectTimeoutSeconds(0).build());
            assertEquals(200, answer.getStatus());
            assertEquals(7, answer.getPayloadAsJsonElement().getAsJsonObject().get("level").getAsInt());
        } finally {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWrongKeyIsRefused(Transport transport) throws Exception {
        Device device = newDevice(transport);
        String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
        DeviceClient client = client(transport, device.getDeviceId(), wrongKey);
        try {
            assertThrows(IotHubClientException.class, () -> client.open(false));
        } finally {
            client.close();
        }
        assertEquals(DeviceConnectionState.Disconnected, registry.getDevice(device.getDeviceId()).getConnectionState());
    }

    @Test
    void theServiceSdkSendsOverAmqpWebSocketsToADeviceOnMqttWebSockets() throws Exception {
        Device device = newDevice(Transport.MQTT_WS);
        String connectionString = "HostName=" + api.host() + ";SharedAccessKeyName=service;SharedAccessKey="
                + api.policyKey("service");
        MessagingClient messaging = new MessagingClient(connectionString, IotHubServiceClientProtocol.AMQPS_WS);
        messaging.open();
        try (DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device, IotHubClientProtocol.MQTT_WS)) {
            Message message = new Message("{\"on\":true}");
            message.setMessageId("ws-svc-1");
            message.setProperties(Map.of("room", "hall"));
            messaging.send(device.getDeviceId(), message);
            com.microsoft.azure.sdk.iot.device.Message received = receiver.next(RECEIVE);
            assertNotNull(received, "the device got the message");
            assertArrayEquals("{\"on\":true}".getBytes(StandardCharsets.UTF_8), received.getBytes());
            assertEquals("ws-svc-1", received.getMessageId());
            assertEquals("hall", received.getProperty("room"));
        } finally {
            messaging.close();
        }
    }

    @Test
    void aWebSocketForAnotherSubprotocolOrNoneIsRefusedBeforeTheUpgrade() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheHub()).build();
        for (List<String> offered : List.<List<String>>of(List.of("chat"), List.of(), List.of("mqttv3.1", "amqp"))) {
            WebSocket.Builder builder = http.newWebSocketBuilder();
            if (!offered.isEmpty()) {
                builder.subprotocols(offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new));
            }
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> builder.buildAsync(endpoint(), new WebSocket.Listener() {
                    }).join(), "offered " + offered);
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(400, handshake.getResponse().statusCode(), "offered " + offered);
        }

        URI https = URI.create(endpoint().toString().replaceFirst("^wss:", "https:"));
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(https).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, plain.statusCode());
        assertTrue(plain.body().contains("WebSocket"), plain.body());
        assertTrue(plain.headers().firstValue("content-type").orElse("").startsWith("text/plain"), "no HTML error page");
    }

    @Test
    void theHandshakeAcceptsPerMessageDeflateAndPicksTheSubprotocol() throws Exception {
        try (SSLSocket socket = (SSLSocket) trustingTheHub().getSocketFactory().createSocket("127.0.0.1", 443)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /$iothub/websocket?iothub-no-client-cert=true HTTP/1.1\r\nHost: " + api.host() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                    + "Sec-WebSocket-Protocol: chat, AMQPWSB10\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line.toLowerCase());
            }
            assertTrue(head.get(0).startsWith("http/1.1 101"), String.valueOf(head));
            assertTrue(head.contains("sec-websocket-protocol: amqpwsb10"), String.valueOf(head));
            assertTrue(head.stream().anyMatch(line -> line.startsWith("sec-websocket-extensions: permessage-deflate")),
                    String.valueOf(head));
        }
    }

    @Test
    void anMqttWebSocketThatNeverConnectsIsClosedAfterTheConnectTimeout() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheHub()).build();
        CompletableFuture<String> ended = new CompletableFuture<>();
        WebSocket webSocket = http.newWebSocketBuilder().subprotocols("mqtt")
                .buildAsync(endpoint(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        ended.complete("closed " + statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        ended.complete("failed " + error);
                    }
                }).join();
        assertEquals("mqtt", webSocket.getSubprotocol());
        long started = System.nanoTime();
        String how = ended.get(HubUnderTest.MQTT_CONNECT_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds >= HubUnderTest.MQTT_CONNECT_TIMEOUT_SECONDS - 1, how + " after " + seconds + " s");
    }

    private static URI endpoint() {
        return URI.create("wss://" + api.host() + "/$iothub/websocket?iothub-no-client-cert=true");
    }

    private static void awaitConnected(String deviceId) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (registry.getDevice(deviceId).getConnectionState() != DeviceConnectionState.Connected
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(DeviceConnectionState.Connected, registry.getDevice(deviceId).getConnectionState());
    }
}
