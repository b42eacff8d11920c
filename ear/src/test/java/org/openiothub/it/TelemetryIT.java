package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.qpid.protonj2.client.exceptions.ClientException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** Telemetry from the official device SDK over MQTT/TLS, read back by an AMQP back end from Artemis. */
class TelemetryIT {

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    static DeviceClient deviceClient(String deviceId, String key) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
        return new DeviceClient(ConnectionStrings.device(api.host(), deviceId, key), IotHubClientProtocol.MQTT, options);
    }

    @Test
    void deviceSdkTelemetryReachesAnAmqpBackEndWithEverythingIntact() throws Exception {
        String id = "tel-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            DeviceClient client = deviceClient(id, device.getPrimaryKey());
            client.open(false);
            try {
                com.microsoft.azure.sdk.iot.device.Message message =
                        new com.microsoft.azure.sdk.iot.device.Message("{\"temperature\":21.5}");
                message.setMessageId("mid-1");
                message.setCorrelationId("cid-1");
                message.setContentType("application/json");
                message.setContentEncoding("utf-8");
                message.setProperty("alert", "high temp");
                message.setProperty("level", "3");
                client.sendEvent(message);
            } finally {
                client.close();
            }

            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(id, Duration.ofSeconds(15));
            assertNotNull(event, "the event reached $Default");
            assertArrayEquals("{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
            assertEquals("mid-1", String.valueOf(event.messageId()));
            assertEquals("cid-1", String.valueOf(event.correlationId()));
            assertEquals("application/json", event.contentType());
            assertEquals("utf-8", event.contentEncoding());
            assertEquals("high temp", event.property("alert"));
            assertEquals("3", event.property("level"));
            assertEquals(id, event.annotation("iothub-connection-device-id"));
            assertNotNull(event.annotation("iothub-enqueuedtime"));
            assertTrue(String.valueOf(event.annotation("iothub-connection-auth-method")).contains("\"type\":\"sas\""));
        }
    }

    @Test
    void consumerGroupsStopAtIotHubsLimitOfTwenty() {
        int existing = JsonParser.parseString(api.call("GET", "/eventHubEndpoints/events/consumerGroups",
                null, api.ownerToken()).body()).getAsJsonObject().getAsJsonArray("value").size();
        List<String> created = new ArrayList<>();
        try {
            for (int i = existing; i < 20; i++) {
                String group = "limit-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
                assertEquals(201, api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
                created.add(group);
            }
            ServiceApi.Reply refused = api.call("PUT", "/eventHubEndpoints/events/consumerGroups/one-too-many", null, api.ownerToken());
            assertEquals(403, refused.status());
            assertTrue(refused.body().contains("IotHubQuotaExceeded"), refused.body());
        } finally {
            created.forEach(group -> api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()));
        }
    }

    @Test
    void everyConsumerGroupReceivesEveryEvent() throws Exception {
        String group = "it-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
        assertEquals(409, api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
        String id = "tel-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        try (EventsReader defaultGroup = EventsReader.open("iothubowner", api.ownerToken(), "$Default");
             EventsReader ownGroup = EventsReader.open("iothubowner", api.ownerToken(), group)) {
            DeviceClient client = deviceClient(id, device.getPrimaryKey());
            client.open(false);
            try {
                client.sendEvent(new com.microsoft.azure.sdk.iot.device.Message("both"));
            } finally {
                client.close();
            }
            assertNotNull(defaultGroup.next(id, Duration.ofSeconds(15)));
            assertNotNull(ownGroup.next(id, Duration.ofSeconds(15)));
        }
        assertEquals(204, api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
        assertEquals(404, api.call("GET", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
        assertEquals(400, api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/$Default", null, api.ownerToken()).status());
    }

    @Test
    void acknowledgedTelemetrySurvivesAHubRestart() throws Exception {
        String group = "it-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
        String id = "tel-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        DeviceClient client = deviceClient(id, device.getPrimaryKey());
        client.open(false);
        try {
            for (int i = 1; i <= 3; i++) {
                com.microsoft.azure.sdk.iot.device.Message message =
                        new com.microsoft.azure.sdk.iot.device.Message("stored-" + i);
                message.setMessageId("stored-" + i);
                message.setProperty("n", String.valueOf(i));
                client.sendEvent(message); // returns once the hub acknowledged it
            }
        } finally {
            client.close();
        }

        HubUnderTest.restart();

        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), group)) {
            for (int i = 1; i <= 3; i++) {
                org.apache.qpid.protonj2.client.Message<Object> event = reader.next(id, Duration.ofSeconds(15));
                assertNotNull(event, "acknowledged event " + i + " is still stored after the restart");
                assertEquals("stored-" + i, String.valueOf(event.messageId()));
                assertArrayEquals(("stored-" + i).getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
                assertEquals(String.valueOf(i), event.property("n"));
                assertEquals(id, event.annotation("iothub-connection-device-id"));
            }
        } finally {
            api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken());
        }
    }

    @Test
    void backEndsSignInWithAServiceConnectPolicyTokenOnly() throws Exception {
        String service = SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
        try (EventsReader reader = EventsReader.open("service", service, "$Default")) {
            assertNotNull(reader);
        }
        String registryRead = SasTokens.policy(api.host(), "registryRead", api.policyKey("registryRead"), 3600);
        String forged = SasTokens.policy(api.host(), "iothubowner", api.policyKey("device"), 3600);
        String expired = SasTokens.policy(api.host(), "iothubowner",
                ConnectionStrings.key(HubUnderTest.ownerConnectionString()), -5);
        String[][] refused = {{"registryRead", registryRead}, {"iothubowner", forged}, {"iothubowner", expired},
            {"service", api.ownerToken()}, {"iothubowner", "not a token"}};
        for (String[] credentials : refused) {
            assertThrows(ClientException.class, () -> EventsReader.open(credentials[0], credentials[1], "$Default").close(),
                    credentials[0] + " / " + credentials[1]);
        }
    }

    @Test
    void backEndsCannotWriteIntoTheEventsEndpoint() throws Exception {
        org.apache.qpid.protonj2.client.Client client = org.apache.qpid.protonj2.client.Client.create();
        org.apache.qpid.protonj2.client.ConnectionOptions options = new org.apache.qpid.protonj2.client.ConnectionOptions()
                .user("iothubowner").password(api.ownerToken());
        options.saslOptions().addAllowedMechanism("PLAIN");
        try (org.apache.qpid.protonj2.client.Connection connection = client.connect("127.0.0.1", 5672, options)) {
            Exception refused = assertThrows(Exception.class, () -> {
                org.apache.qpid.protonj2.client.Sender sender = connection.openSender("messages/events");
                sender.send(org.apache.qpid.protonj2.client.Message.create("spoofed")).awaitSettlement(10, java.util.concurrent.TimeUnit.SECONDS);
            });
            assertInstanceOf(Exception.class, refused);
        } finally {
            client.close();
        }
    }
}
