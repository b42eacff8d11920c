package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/** Twins from the official device SDK over MQTT, driven by the official service SDK. */
class TwinDeviceIT {

    private static RegistryClient registry;
    private static TwinClient twins;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
    }

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("twin-dev-" + UUID.randomUUID()));
    }

    private static Twin patchDesired(String deviceId, String key, Object value) throws Exception {
        Twin change = new Twin(deviceId);
        change.getDesiredProperties().put(key, value);
        return twins.patch(change);
    }

    /** A device client with its desired-property notifications in {@code notifications}. */
    private static DeviceClient openDevice(Device device,
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
        String host = ConnectionStrings.host(HubUnderTest.ownerConnectionString());
        DeviceClient client = new DeviceClient(ConnectionStrings.device(host, device.getDeviceId(), device.getPrimaryKey()),
                IotHubClientProtocol.MQTT, options);
        client.open(false);
        client.subscribeToDesiredProperties((twin, context) -> notifications.add(twin), null);
        return client;
    }

    /*
     * iot-device-client 2.5.0 can lose a twin response on a busy machine: IotHubTransport.onMessageReceived queues the
     * message before it looks up the request's callback, and the receive thread may handle the message and drop the
     * callback in between. The hub did answer (its log shows it); the SDK call then times out. The helpers below wait
     * less than the SDK's minute and ask once more where asking again changes nothing, or read the outcome through
     * the service API where it would.
     */
    private static final int SDK_TIMEOUT_MILLIS = 20_000;

    private static boolean responseLost(IotHubClientException e) {
        return e.getStatusCode() == IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT;
    }

    private static com.microsoft.azure.sdk.iot.device.twin.Twin getTwin(DeviceClient client) throws Exception {
        try {
            return client.getTwin(SDK_TIMEOUT_MILLIS);
        } catch (IotHubClientException e) {
            if (!responseLost(e)) {
                throw e;
            }
            return client.getTwin(SDK_TIMEOUT_MILLIS);
        }
    }

    /** @return the reported properties' new {@code $version}, from the response or, if the SDK lost it, the service */
    private static int report(DeviceClient client, String deviceId,
            com.microsoft.azure.sdk.iot.device.twin.TwinCollection properties) throws Exception {
        try {
            return client.updateReportedProperties(properties, SDK_TIMEOUT_MILLIS).getVersion();
        } catch (IotHubClientException e) {
            if (!responseLost(e)) {
                throw e;
            }
            return twins.get(deviceId).getReportedProperties().getVersion();
        }
    }

    /** A report the hub refuses; refusing changes nothing, so a lost answer is asked for again. */
    private static IotHubStatusCode refusal(DeviceClient client,
            com.microsoft.azure.sdk.iot.device.twin.TwinCollection properties) throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            IotHubClientException e = assertThrows(IotHubClientException.class,
                    () -> client.updateReportedProperties(properties, SDK_TIMEOUT_MILLIS));
            if (!responseLost(e)) {
                return e.getStatusCode();
            }
        }
        return IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT;
    }

    private static com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported(Map<String, Object> properties) {
        return new com.microsoft.azure.sdk.iot.device.twin.TwinCollection(properties);
    }

    @Test
    void aDeviceGetsItsTwinAndReportsPropertiesTheServiceThenSees() throws Exception {
        Device device = newDevice();
        String id = device.getDeviceId();
        patchDesired(id, "fan", 3);
        DeviceClient client = openDevice(device, new LinkedBlockingQueue<>());
        try {
            com.microsoft.azure.sdk.iot.device.twin.Twin twin = getTwin(client);
            assertEquals(3, ((Number) twin.getDesiredProperties().get("fan")).intValue());
            assertEquals(2, twin.getDesiredProperties().getVersion());
            assertEquals(1, twin.getReportedProperties().getVersion());

            assertEquals(2, report(client, id, reported(Map.of("battery", 80, "firmware", Map.of("version", "1.2")))));

            Twin seen = twins.get(id);
            assertEquals(80L, seen.getReportedProperties().get("battery"));
            assertEquals(2, seen.getReportedProperties().getVersion());
            assertNotNull(seen.getReportedProperties().getTwinMetadata("battery").getLastUpdated());
            assertEquals("CONNECTED", seen.getConnectionState(), "the twin shows the live connection");
            assertEquals(DeviceConnectionState.Connected, registry.getDevice(id).getConnectionState(),
                    "and so does the registry");

            com.microsoft.azure.sdk.iot.device.twin.TwinCollection removal = new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
            removal.put("battery", null);
            assertEquals(3, report(client, id, removal));
            Twin after = twins.get(id);
            assertFalse(after.getReportedProperties().containsKey("battery"), "a reported null removes the key");
            assertTrue(after.getReportedProperties().containsKey("firmware"));
        } finally {
            client.close();
        }
    }

    @Test
    void aDesiredChangeReachesTheSubscribedDeviceWithItsVersion() throws Exception {
        Device device = newDevice();
        BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications = new LinkedBlockingQueue<>();
        DeviceClient client = openDevice(device, notifications);
        try {
            Twin patched = patchDesired(device.getDeviceId(), "mode", "eco");
            com.microsoft.azure.sdk.iot.device.twin.Twin notification = notifications.poll(15, TimeUnit.SECONDS);
            assertNotNull(notification, "the device was told of the change");
            assertEquals("eco", notification.getDesiredProperties().get("mode"));
            assertEquals(patched.getDesiredProperties().getVersion(), notification.getDesiredProperties().getVersion());

            Twin second = patchDesired(device.getDeviceId(), "mode", null);
            com.microsoft.azure.sdk.iot.device.twin.Twin removal = notifications.poll(15, TimeUnit.SECONDS);
            assertNotNull(removal);
            assertTrue(removal.getDesiredProperties().containsKey("mode"));
            assertNull(removal.getDesiredProperties().get("mode"), "a removal arrives as null");
            assertEquals(second.getDesiredProperties().getVersion(), removal.getDesiredProperties().getVersion());
        } finally {
            client.close();
        }
    }

    @Test
    void aDeviceThatReconnectsGetsTheWholeTwinItMissed() throws Exception {
        Device device = newDevice();
        BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications = new LinkedBlockingQueue<>();
        DeviceClient first = openDevice(device, notifications);
        first.close();

        patchDesired(device.getDeviceId(), "a", 1);
        Twin last = patchDesired(device.getDeviceId(), "b", 2);

        DeviceClient again = openDevice(device, notifications);
        try {
            com.microsoft.azure.sdk.iot.device.twin.Twin twin = getTwin(again);
            assertEquals(1, ((Number) twin.getDesiredProperties().get("a")).intValue());
            assertEquals(2, ((Number) twin.getDesiredProperties().get("b")).intValue());
            assertEquals(last.getDesiredProperties().getVersion(), twin.getDesiredProperties().getVersion());
            assertNull(notifications.poll(2, TimeUnit.SECONDS), "nothing was queued for the offline device");
        } finally {
            again.close();
        }
    }

    @Test
    void reportsBreakingALimitOrBasedOnAStaleVersionAreRefused() throws Exception {
        Device device = newDevice();
        DeviceClient client = openDevice(device, new LinkedBlockingQueue<>());
        try {
            assertEquals(IotHubStatusCode.BAD_FORMAT, refusal(client, reported(Map.of("s", "x".repeat(4097)))));
            assertEquals(IotHubStatusCode.BAD_FORMAT, refusal(client, reported(Map.of("a.b", 1))));

            com.microsoft.azure.sdk.iot.device.twin.TwinCollection stale = reported(Map.of("x", 1));
            stale.setVersion(7);
            assertEquals(IotHubStatusCode.PRECONDITION_FAILED, refusal(client, stale));

            com.microsoft.azure.sdk.iot.device.twin.TwinCollection current = reported(Map.of("x", 1));
            current.setVersion(1);
            assertEquals(2, report(client, device.getDeviceId(), current), "the current version is accepted");
            assertEquals(1L, twins.get(device.getDeviceId()).getReportedProperties().get("x"));
        } finally {
            client.close();
        }
    }
}
