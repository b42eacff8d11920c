package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * X.509 device authentication with the official Java device SDK ({@code x509=true}, a client certificate in its
 * {@code SSLContext}) over MQTT, AMQPS and HTTPS, and over MQTT and AMQPS in WebSockets on 443: self-signed devices by
 * thumbprint, devices signed by a CA verified through the Certificates API, and the refusals.
 */
class X509DeviceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);

    private static RegistryClient registry;
    private static ServiceApi api;
    private static TestCertificates.Identity authority;
    private static String authorityName;

    @BeforeAll
    static void connect() throws Exception {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
        authority = TestCertificates.authority("x509-it-root-" + UUID.randomUUID());
        authorityName = "x509-it-" + UUID.randomUUID().toString().substring(0, 8);
        CaCertificatesApi.registerAndVerify(api, authorityName, authority);
    }

    @AfterAll
    static void removeAuthority() {
        CaCertificatesApi.delete(api, authorityName);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS", "HTTPS", "MQTT_WS", "AMQPS_WS"})
    void aSelfSignedDeviceSendsTelemetry(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "x509-self-" + UUID.randomUUID();
        TestCertificates.Identity certificate = TestCertificates.selfSigned(deviceId);
        registerSelfSigned(deviceId, certificate.certificate());

        assertTelemetryArrives(deviceId, certificate, protocol);

        JsonObject json = JsonParser.parseString(api.call("GET", "/devices/" + deviceId, null, api.ownerToken()).body())
                .getAsJsonObject();
        JsonObject authentication = json.getAsJsonObject("authentication");
        assertEquals("selfSigned", authentication.get("type").getAsString());
        assertEquals(TestCertificates.sha1(certificate.certificate()),
                authentication.getAsJsonObject("x509Thumbprint").get("primaryThumbprint").getAsString());
        JsonObject twin = JsonParser.parseString(api.call("GET", "/twins/" + deviceId, null, api.ownerToken()).body())
                .getAsJsonObject();
        assertEquals("selfSigned", twin.get("authenticationType").getAsString());
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS", "HTTPS", "MQTT_WS", "AMQPS_WS"})
    void aDeviceSignedByAVerifiedCaSendsTelemetry(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "x509-ca-" + UUID.randomUUID();
        registry.addDevice(new Device(deviceId, AuthenticationType.CERTIFICATE_AUTHORITY));

        assertTelemetryArrives(deviceId, TestCertificates.signedBy(authority, deviceId), protocol);

        JsonObject twin = JsonParser.parseString(api.call("GET", "/twins/" + deviceId, null, api.ownerToken()).body())
                .getAsJsonObject();
        assertEquals("certificateAuthority", twin.get("authenticationType").getAsString());
    }

    @Test
    void theSecondarySha256ThumbprintAuthenticatesToo() throws Exception {
        String deviceId = "x509-sha256-" + UUID.randomUUID();
        TestCertificates.Identity certificate = TestCertificates.selfSigned(deviceId);
        Device device = new Device(deviceId, AuthenticationType.SELF_SIGNED);
        device.setThumbprint(TestCertificates.sha1(TestCertificates.selfSigned("other").certificate()),
                TestCertificates.sha256(certificate.certificate()));
        registry.addDevice(device);
        assertTelemetryArrives(deviceId, certificate, IotHubClientProtocol.MQTT);
    }

    @Test
    void aSelfSignedModuleConnectsOverMqtt() throws Exception {
        String deviceId = "x509-module-" + UUID.randomUUID();
        registry.addDevice(new Device(deviceId));
        TestCertificates.Identity certificate = TestCertificates.selfSigned(deviceId + "-m1");
        Module module = new Module(deviceId, "m1", AuthenticationType.SELF_SIGNED);
        module.setThumbprint(TestCertificates.sha1(certificate.certificate()), null);
        registry.addModule(module);
        ModuleClient client = new ModuleClient("HostName=" + api.host() + ";DeviceId=" + deviceId + ";ModuleId=m1;x509=true",
                IotHubClientProtocol.MQTT, options(certificate.sslContext()));
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            client.open(false);
            try {
                client.sendEvent(new Message("from a module"));
            } finally {
                client.close();
            }
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(deviceId, RECEIVE);
            assertNotNull(event, "the module's event reached $Default");
            assertEquals("m1", event.annotation("iothub-connection-module-id"));
            assertTrue(String.valueOf(event.annotation("iothub-connection-auth-method")).contains("\"scope\":\"module\""));
        }
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS", "HTTPS", "MQTT_WS", "AMQPS_WS"})
    void aCertificateWithAnotherThumbprintIsRefused(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "x509-wrong-" + UUID.randomUUID();
        registerSelfSigned(deviceId, TestCertificates.selfSigned(deviceId).certificate());
        assertRefused(deviceId, TestCertificates.selfSigned(deviceId), protocol);
    }

    @Test
    void mqttRefusesAWrongCertificateWithConnack5() throws Exception {
        String deviceId = "x509-connack-" + UUID.randomUUID();
        registerSelfSigned(deviceId, TestCertificates.selfSigned(deviceId).certificate());
        MqttClient client = new MqttClient("ssl://" + api.host() + ":8883", deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(api.host() + "/" + deviceId + "/?api-version=2020-09-30");
        options.setSocketFactory(TestCertificates.selfSigned(deviceId).sslContext().getSocketFactory());
        options.setCleanSession(false);
        options.setConnectionTimeout(10);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            MqttException refused = assertThrows(MqttException.class, () -> client.connect(options));
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
        } finally {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS", "HTTPS"})
    void anExpiredCertificateIsRefused(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "x509-expired-" + UUID.randomUUID();
        TestCertificates.Identity expired = TestCertificates.selfSigned(deviceId,
                Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        registerSelfSigned(deviceId, expired.certificate());
        assertRefused(deviceId, expired, protocol);
    }

    @Test
    void aCertificateNotYetValidIsRefused() throws Exception {
        String deviceId = "x509-future-" + UUID.randomUUID();
        TestCertificates.Identity future = TestCertificates.selfSigned(deviceId,
                Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(10)));
        registerSelfSigned(deviceId, future.certificate());
        assertRefused(deviceId, future, IotHubClientProtocol.MQTT);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS"})
    void aCaThatIsNotVerifiedAuthenticatesNobody(IotHubClientProtocol protocol) throws Exception {
        TestCertificates.Identity unverified = TestCertificates.authority("x509-it-unverified-" + UUID.randomUUID());
        String name = "x509-unverified-" + UUID.randomUUID().toString().substring(0, 8);
        CaCertificatesApi.register(api, name, unverified);
        try {
            String deviceId = "x509-unverified-" + UUID.randomUUID();
            registry.addDevice(new Device(deviceId, AuthenticationType.CERTIFICATE_AUTHORITY));
            assertRefused(deviceId, TestCertificates.signedBy(unverified, deviceId), protocol);
        } finally {
            CaCertificatesApi.delete(api, name);
        }
    }

    @Test
    void aDeletedCaAuthenticatesNobody() throws Exception {
        TestCertificates.Identity deleted = TestCertificates.authority("x509-it-deleted-" + UUID.randomUUID());
        String name = "x509-deleted-" + UUID.randomUUID().toString().substring(0, 8);
        CaCertificatesApi.registerAndVerify(api, name, deleted);
        String deviceId = "x509-deleted-" + UUID.randomUUID();
        registry.addDevice(new Device(deviceId, AuthenticationType.CERTIFICATE_AUTHORITY));
        TestCertificates.Identity certificate = TestCertificates.signedBy(deleted, deviceId);
        assertTelemetryArrives(deviceId, certificate, IotHubClientProtocol.MQTT);

        CaCertificatesApi.delete(api, name);
        assertRefused(deviceId, certificate, IotHubClientProtocol.MQTT);
        assertRefused(deviceId, certificate, IotHubClientProtocol.AMQPS);
    }

    @Test
    void aCaSignedCertificateNamingAnotherDeviceIsRefused() throws Exception {
        String deviceId = "x509-other-cn-" + UUID.randomUUID();
        registry.addDevice(new Device(deviceId, AuthenticationType.CERTIFICATE_AUTHORITY));
        assertRefused(deviceId, TestCertificates.signedBy(authority, "someone-else"), IotHubClientProtocol.MQTT);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS", "HTTPS"})
    void aSasDeviceCannotUseACertificate(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "x509-sas-" + UUID.randomUUID();
        registry.addDevice(new Device(deviceId));
        assertRefused(deviceId, TestCertificates.selfSigned(deviceId), protocol);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubClientProtocol.class, names = {"MQTT", "AMQPS", "HTTPS"})
    void anX509DeviceCannotUseASasToken(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "x509-token-" + UUID.randomUUID();
        registerSelfSigned(deviceId, TestCertificates.selfSigned(deviceId).certificate());
        // a token signed with a key the device never had: an X.509 device has none
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api.host(), deviceId, key), protocol,
                options(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString())));
        assertClientRefused(client, protocol);
    }

    @Test
    void httpsWithoutCertificateOrTokenIsRefusedInIotHubsShape() {
        ServiceApi.Reply reply = api.call("POST", "/devices/nobody-" + UUID.randomUUID() + "/messages/events", "x",
                Map.of("Content-Type", "text/plain"));
        assertEquals(401, reply.status());
        assertTrue(reply.body().contains("IotHubUnauthorizedAccess"), reply.body());
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Registers a {@code selfSigned} device whose primary thumbprint is the SHA-1 of {@code certificate}. */
    private static void registerSelfSigned(String deviceId, X509Certificate certificate) throws Exception {
        Device device = new Device(deviceId, AuthenticationType.SELF_SIGNED);
        device.setThumbprint(TestCertificates.sha1(certificate), null);
        registry.addDevice(device);
    }

    private static void assertTelemetryArrives(String deviceId, TestCertificates.Identity certificate,
            IotHubClientProtocol protocol) throws Exception {
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            DeviceClient client = client(deviceId, certificate, protocol);
            client.open(false);
            try {
                Message message = new Message("{\"via\":\"" + protocol + "\"}");
                message.setMessageId("x509-" + protocol);
                client.sendEvent(message);
            } finally {
                client.close();
            }
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(deviceId, RECEIVE);
            assertNotNull(event, "the event reached $Default over " + protocol);
            assertEquals("x509-" + protocol, String.valueOf(event.messageId()));
            assertEquals("{\"scope\":\"device\",\"type\":\"x509Certificate\",\"issuer\":\"external\",\"acceptingIpFilterRule\":null}",
                    event.annotation("iothub-connection-auth-method"));
        }
    }

    private static void assertRefused(String deviceId, TestCertificates.Identity certificate, IotHubClientProtocol protocol)
            throws Exception {
        assertClientRefused(client(deviceId, certificate, protocol), protocol);
    }

    private static void assertClientRefused(DeviceClient client, IotHubClientProtocol protocol) {
        try {
            IotHubClientException refused = assertThrows(IotHubClientException.class, () -> {
                client.open(false);
                // HTTPS holds no connection: the first request is refused
                client.sendEvent(new Message("refused"));
            });
            assertEquals(IotHubStatusCode.UNAUTHORIZED, refused.getStatusCode(), protocol + ": " + refused.getMessage());
        } finally {
            client.close();
        }
    }

    private static DeviceClient client(String deviceId, TestCertificates.Identity certificate, IotHubClientProtocol protocol)
            throws Exception {
        return new DeviceClient("HostName=" + api.host() + ";DeviceId=" + deviceId + ";x509=true", protocol,
                options(certificate.sslContext()));
    }

    private static ClientOptions options(SSLContext tls) {
        return ClientOptions.builder().sslContext(tls).build();
    }
}
