package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * CoAP over DTLS 1.2 on UDP 5684 with a device's key (its base64 text) as its pre-shared key, through Californium's client: telemetry
 * reaches the built-in endpoint with its properties, the twin is read and reported to, cloud-to-device messages are
 * fetched and settled, desired patches and method requests arrive by Observe, and the hub refuses a wrong key and another device's resources.
 */
class CoapDeviceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final int PORT = 5684;

    private static RegistryClient registry;
    private static ServiceApi api;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @AfterAll
    static void done() {
        registry = null;
    }

    @Test
    void telemetryIsAnsweredOnceStoredAndReachesTheBuiltInEndpointWithItsProperties() throws Exception {
        Device device = newDevice();
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default");
                DtlsDevice coap = DtlsDevice.of(device.getDeviceId(), device.getPrimaryKey())) {
            Request post = Request.newPost();
            post.setURI(coap.uri(device.getDeviceId(), "messages/events"));
            post.getOptions().addUriQuery("$.mid=coap-mid-1").addUriQuery("$.cid=coap-cid-1")
                    .addUriQuery("$.ce=utf-8").addUriQuery("alert=high temp").addUriQuery("level=3")
                    .setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            post.setPayload("{\"temperature\":21.5}");
            CoapResponse response = coap.client().advanced(post);
            assertNotNull(response, "answered");
            assertEquals(ResponseCode.CHANGED, response.getCode(), response.getResponseText());
            assertNotNull(response.advanced().getSourceContext().get(DtlsEndpointContext.KEY_WRITE_CONNECTION_ID),
                    "the hub gave the session a Connection ID, so a new address keeps it");

            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(device.getDeviceId(), RECEIVE);
            assertNotNull(event, "the event reached $Default");
            assertArrayEquals("{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
            assertEquals("coap-mid-1", String.valueOf(event.messageId()));
            assertEquals("coap-cid-1", String.valueOf(event.correlationId()));
            assertEquals("application/json", event.contentType());
            assertEquals("utf-8", event.contentEncoding());
            assertEquals("high temp", event.property("alert"));
            assertEquals("3", event.property("level"));
            assertEquals(device.getDeviceId(), event.annotation("iothub-connection-device-id"));
            assertTrue(String.valueOf(event.annotation("iothub-connection-auth-method")).contains("\"scope\":\"device\""));
        }
        JsonObject json = JsonParser.parseString(api.call("GET", "/devices/" + device.getDeviceId(), null,
                api.ownerToken()).body()).getAsJsonObject();
        Instant lastActivity = Instant.parse(json.get("lastActivityTime").getAsString());
        assertTrue(Duration.between(lastActivity, Instant.now()).abs().toMinutes() < 5, "a request is activity: " + lastActivity);
        assertEquals("Disconnected", json.get("connectionState").getAsString(), "CoAP holds no connection");
    }

    @Test
    void aReportedPatchIsVisibleToTheServiceAndTheTwinReadsBack() throws Exception {
        Device device = newDevice();
        try (DtlsDevice coap = DtlsDevice.of(device.getDeviceId(), device.getPrimaryKey())) {
            Request patch = Request.newPatch();
            patch.setURI(coap.uri(device.getDeviceId(), "twin/reported"));
            patch.setPayload("{\"firmware\":\"1.2.3\",\"battery\":87}");
            patch.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            CoapResponse patched = coap.client().advanced(patch);
            assertNotNull(patched, "answered");
            assertEquals(ResponseCode.CHANGED, patched.getCode(), patched.getResponseText());

            ServiceApi.Reply twin = api.call("GET", "/twins/" + device.getDeviceId(), null, api.ownerToken());
            assertEquals(200, twin.status(), twin.body());
            JsonObject reported = JsonParser.parseString(twin.body()).getAsJsonObject()
                    .getAsJsonObject("properties").getAsJsonObject("reported");
            assertEquals("1.2.3", reported.get("firmware").getAsString());
            assertEquals(87, reported.get("battery").getAsInt());

            coap.client().setURI(coap.uri(device.getDeviceId(), "twin"));
            CoapResponse got = coap.client().get();
            assertNotNull(got, "answered");
            assertEquals(ResponseCode.CONTENT, got.getCode(), got.getResponseText());
            JsonObject document = JsonParser.parseString(got.getResponseText()).getAsJsonObject();
            assertEquals("1.2.3", document.getAsJsonObject("reported").get("firmware").getAsString());
            assertTrue(document.has("desired"));
        }
    }

    @Test
    void aWrongKeyFailsTheHandshake() throws Exception {
        Device device = newDevice();
        byte[] wrong = new byte[32];
        wrong[0] = 1;
        try (DtlsDevice coap = DtlsDevice.of(device.getDeviceId(), Base64.getEncoder().encodeToString(wrong))) {
            Request post = Request.newPost();
            post.setURI(coap.uri(device.getDeviceId(), "messages/events"));
            post.setPayload("never");
            CoapResponse response;
            try {
                response = coap.client().advanced(post);
            } catch (ConnectorException | IOException e) {
                response = null;
            }
            assertEquals(null, response, "no answer without a handshake");
            assertTrue(post.getSendError() != null || post.isTimedOut(), "the handshake failed");
        }
    }

    @Test
    void aModuleAndASecondaryKeyAuthenticateAndADisabledDeviceLosesItsSession() throws Exception {
        Device device = newDevice();
        String id = device.getDeviceId();
        Module module = registry.addModule(new Module(id, "filter"));
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default");
                DtlsDevice coap = DtlsDevice.of(id + "/filter", module.getPrimaryKey())) {
            assertEquals(ResponseCode.CHANGED, post(coap, coap.uri(id, "modules/filter/messages/events"), "from the module").getCode());
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(id, RECEIVE);
            assertNotNull(event, "the module's event reached $Default");
            assertEquals("filter", event.annotation("iothub-connection-module-id"));
            assertEquals(ResponseCode.FORBIDDEN, post(coap, coap.uri(id, "messages/events"), "as its device").getCode());
        }
        try (DtlsDevice coap = DtlsDevice.of(id + ";secondary", device.getSecondaryKey())) {
            assertEquals(ResponseCode.CHANGED, post(coap, coap.uri(id, "messages/events"), "secondary").getCode());

            device.setStatus(DeviceStatus.Disabled);
            registry.updateDevice(device);
            CoapResponse refused = null;
            long deadline = System.nanoTime() + RECEIVE.toNanos();
            do {
                try {
                    refused = post(coap, coap.uri(id, "messages/events"), "after disabling");
                } catch (IOException | ConnectorException e) {
                    refused = null;
                }
            } while (refused != null && System.nanoTime() < deadline);
            assertEquals(null, refused, "the session ended and a new handshake fails");
        }
    }

    private static CoapResponse post(DtlsDevice coap, String uri, String body) throws ConnectorException, IOException {
        Request post = Request.newPost();
        post.setURI(uri);
        post.setPayload(body);
        return coap.client().advanced(post);
    }

    @Test
    void anotherDevicesResourcesAreRefused() throws Exception {
        Device device = newDevice();
        Device other = newDevice();
        try (DtlsDevice coap = DtlsDevice.of(device.getDeviceId(), device.getPrimaryKey())) {
            for (Request request : List.of(Request.newPost(), Request.newGet(), Request.newPatch())) {
                String resource = request.getCode() == Code.POST ? "messages/events"
                        : request.getCode() == Code.GET ? "twin" : "twin/reported";
                request.setURI(coap.uri(other.getDeviceId(), resource));
                if (request.getCode() != Code.GET) {
                    request.setPayload("{\"stolen\":true}");
                }
                CoapResponse response = coap.client().advanced(request);
                assertNotNull(response, "answered");
                assertEquals(ResponseCode.FORBIDDEN, response.getCode(), request.getCode() + " " + resource);
            }
        }
        ServiceApi.Reply twin = api.call("GET", "/twins/" + other.getDeviceId(), null, api.ownerToken());
        assertTrue(!twin.body().contains("stolen"), twin.body());
    }

    @Test
    void cloudToDeviceMessagesAreFetchedAndCompletedAbandonedOrRejected() throws Exception {
        Device device = newDevice();
        String id = device.getDeviceId();
        assertEquals(204, api.sendToDevice(id, "first", Map.of("iothub-messageid", "c2d-1", "iothub-app-color", "red")).status());
        try (DtlsDevice coap = DtlsDevice.of(id, device.getPrimaryKey())) {
            CoapResponse first = fetch(coap, id);
            assertEquals(ResponseCode.CONTENT, first.getCode(), first.getResponseText());
            assertEquals("first", first.getResponseText());
            assertTrue(first.getOptions().getLocationQuery().contains("$.mid=c2d-1"), first.getOptions().toString());
            assertTrue(first.getOptions().getLocationQuery().contains("color=red"), first.getOptions().toString());
            String lock = lockOf(first);

            Request abandon = Request.newPost();
            abandon.setURI(coap.uri(id, "messages/devicebound/" + lock + "/abandon"));
            assertEquals(ResponseCode.CHANGED, coap.client().advanced(abandon).getCode());

            CoapResponse again = fetch(coap, id);
            assertEquals("first", again.getResponseText());
            assertTrue(again.getOptions().getLocationQuery().contains("iothub-deliverycount=2"), again.getOptions().toString());
            String lockAgain = lockOf(again);
            Request complete = Request.newDelete();
            complete.setURI(coap.uri(id, "messages/devicebound/" + lockAgain));
            assertEquals(ResponseCode.DELETED, coap.client().advanced(complete).getCode());
            Request lost = Request.newDelete();
            lost.setURI(coap.uri(id, "messages/devicebound/" + lockAgain));
            assertEquals(ResponseCode.PRECONDITION_FAILED, coap.client().advanced(lost).getCode(), "the lock is gone");

            assertEquals(204, api.sendToDevice(id, "second", Map.of()).status());
            CoapResponse second = fetch(coap, id);
            assertEquals("second", second.getResponseText());
            Request reject = Request.newDelete();
            reject.setURI(coap.uri(id, "messages/devicebound/" + lockOf(second) + "?reject"));
            assertEquals(ResponseCode.DELETED, coap.client().advanced(reject).getCode());

            CoapResponse none = fetch(coap, id);
            assertEquals(ResponseCode.CONTENT, none.getCode());
            assertEquals(0, none.getPayloadSize(), "nothing waits");
            assertEquals(0, none.getOptions().getLocationPathCount(), "no lock token");
        }
    }

    @Test
    void desiredPatchesArriveAsObserveNotifications() throws Exception {
        Device device = newDevice();
        String id = device.getDeviceId();
        try (DtlsDevice coap = DtlsDevice.of(id, device.getPrimaryKey())) {
            BlockingQueue<CoapResponse> notifications = new LinkedBlockingQueue<>();
            Request observe = Request.newGet();
            observe.setURI(coap.uri(id, "twin/desired"));
            observe.setObserve();
            CoapObserveRelation relation = coap.client().observeAndWait(observe, handler(notifications));
            assertTrue(!relation.isCanceled(), "registered");
            assertEquals(ResponseCode.CONTENT, relation.getCurrent().getCode());

            ServiceApi.Reply patched = api.call("PATCH", "/twins/" + id,
                    "{\"properties\":{\"desired\":{\"interval\":30}}}", api.ownerToken());
            assertEquals(200, patched.status(), patched.body());
            CoapResponse notification = nextWithPayload(notifications);
            assertNotNull(notification, "the patch was notified");
            JsonObject patch = JsonParser.parseString(notification.getResponseText()).getAsJsonObject();
            assertEquals(30, patch.get("interval").getAsInt());
            assertTrue(patch.has("$version"), patch.toString());
            relation.proactiveCancel();
        }
    }

    @Test
    void aDirectMethodArrivesByObserveAndItsAnswerReachesTheCaller() throws Exception {
        Device device = newDevice();
        String id = device.getDeviceId();
        try (DtlsDevice coap = DtlsDevice.of(id, device.getPrimaryKey())) {
            BlockingQueue<CoapResponse> notifications = new LinkedBlockingQueue<>();
            Request observe = Request.newGet();
            observe.setURI(coap.uri(id, "methods"));
            observe.setObserve();
            CoapObserveRelation relation = coap.client().observeAndWait(observe, handler(notifications));
            assertEquals(ResponseCode.CONTENT, relation.getCurrent().getCode());

            CompletableFuture<ServiceApi.Reply> call = CompletableFuture.supplyAsync(() -> api.call("POST",
                    "/twins/" + id + "/methods", "{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":15,"
                            + "\"payload\":{\"delay\":2}}", api.ownerToken()));
            CoapResponse request = nextWithPayload(notifications);
            assertNotNull(request, "the method request was notified");
            assertEquals(2, JsonParser.parseString(request.getResponseText()).getAsJsonObject().get("delay").getAsInt());
            assertTrue(request.getOptions().getLocationQuery().contains("name=reboot"), request.getOptions().toString());
            List<String> location = request.getOptions().getLocationPath();
            assertEquals("methods", location.get(0));

            Request answer = Request.newPost();
            answer.setURI(coap.uri(id, "methods/" + location.get(1) + "?status=201"));
            answer.setPayload("{\"rebooting\":true}");
            assertEquals(ResponseCode.CHANGED, coap.client().advanced(answer).getCode());

            ServiceApi.Reply reply = call.get(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, reply.status(), reply.body());
            JsonObject result = JsonParser.parseString(reply.body()).getAsJsonObject();
            assertEquals(201, result.get("status").getAsInt());
            assertTrue(result.getAsJsonObject("payload").get("rebooting").getAsBoolean());
            relation.proactiveCancel();
        }
    }

    private static CoapHandler handler(BlockingQueue<CoapResponse> notifications) {
        return new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                notifications.add(response);
            }

            @Override
            public void onError() {
            }
        };
    }

    /** The next notification with a payload (the registration's answer has none). */
    private static CoapResponse nextWithPayload(BlockingQueue<CoapResponse> notifications) throws InterruptedException {
        long deadline = System.nanoTime() + RECEIVE.toNanos();
        while (System.nanoTime() < deadline) {
            CoapResponse next = notifications.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next != null && next.getPayloadSize() > 0) {
                return next;
            }
        }
        return null;
    }

    private static CoapResponse fetch(DtlsDevice coap, String deviceId) throws Exception {
        coap.client().setURI(coap.uri(deviceId, "messages/devicebound"));
        CoapResponse response = coap.client().get();
        assertNotNull(response, "answered");
        return response;
    }

    /** The lock token: the last segment of the Location-Path where the message is settled. */
    private static String lockOf(CoapResponse message) {
        List<String> location = message.getOptions().getLocationPath();
        assertEquals(3, location.size(), location.toString());
        return location.get(2);
    }

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("coap-" + UUID.randomUUID()));
    }

    /** One device's DTLS endpoint and client: its PSK identity and key. */
    private record DtlsDevice(CoapEndpoint endpoint, CoapClient client) implements AutoCloseable {

        static DtlsDevice of(String identity, String base64Key) {
            Configuration configuration = Configuration.createStandardWithoutFile()
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                    .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0)
                    .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1)
                    .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
            DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(identity, base64Key.getBytes(StandardCharsets.US_ASCII)))
                    .build();
            CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(configuration)
                    .setConnector(new DTLSConnector(dtls)).build();
            CoapClient client = new CoapClient();
            client.setEndpoint(endpoint);
            client.setTimeout(TIMEOUT_MILLIS);
            return new DtlsDevice(endpoint, client);
        }

        String uri(String deviceId, String resource) {
            return "coaps://127.0.0.1:" + PORT + "/devices/" + deviceId + "/" + resource;
        }

        @Override
        public void close() {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
