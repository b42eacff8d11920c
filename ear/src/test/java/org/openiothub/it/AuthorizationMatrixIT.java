package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * Every operation of the service REST API against every credential a caller may present: the five built-in
 * policies, no token, and tokens IoT Hub refuses (a device's own, forged, expired, for another audience, of an
 * unknown policy, malformed). A policy lacking the right an operation needs is refused as IoT Hub refuses it: 401
 * {@code IotHubUnauthorizedAccess}, like any bad credential. A caller that is let through may still be answered
 * 400 or 404 for the input given here; only an authorization refusal fails an allowed row.
 */
class AuthorizationMatrixIT {

    /** IoT Hub's access rights. */
    enum Right { REGISTRY_READ, REGISTRY_WRITE, SERVICE_CONNECT, DEVICE_CONNECT }

    /** What an operation needs: any one of {@code anyOf}, or every one of them with {@code all}. */
    record Needs(Set<Right> rights, boolean all) {

        static Needs anyOf(Right first, Right... rest) {
            return new Needs(EnumSet.of(first, rest), false);
        }

        static Needs allRights() {
            return new Needs(EnumSet.allOf(Right.class), true);
        }

        boolean grantedBy(Set<Right> held) {
            return all ? held.containsAll(rights) : rights.stream().anyMatch(held::contains);
        }
    }

    /**
     * One service operation and a request for it. Its path and body name ids as {@code {id}} (the test's device),
     * {@code {mid}} (its module), {@code {absent}} (an id that exists nowhere) and {@code {new}} (a fresh one).
     */
    record Operation(String method, String template, String body, Map<String, String> headers, Needs needs) {

        String path() {
            return ids(template);
        }

        String request() {
            return body == null ? null : ids(body);
        }

        private static String ids(String text) {
            return text.replace("{id}", device.getDeviceId()).replace("{mid}", module.getId())
                    .replace("{absent}", ABSENT).replace("{new}", FRESH);
        }

        @Override
        public String toString() {
            String override = headers.get("X-HTTP-Method-Override");
            return method + (override == null ? "" : "(" + override + ")") + " " + template;
        }
    }

    /**
     * A credential: the {@code Authorization} header it sends ({@code null}: none) and the rights it carries
     * ({@code null}: not a credential IoT Hub accepts).
     */
    record Credential(String name, String authorization, Set<Right> rights) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String ABSENT = "absent-" + UUID.randomUUID();
    private static final String FRESH = "authz-" + UUID.randomUUID().toString().substring(0, 8);

    private static RegistryClient registry;
    private static ServiceApi api;
    private static Device device;
    private static Module module;
    private static List<Operation> operations;
    private static List<Credential> credentials;

    @BeforeAll
    static void setUp() throws Exception {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
        device = registry.addDevice(new Device("authz-" + UUID.randomUUID()));
        module = registry.addModule(new Module(device.getDeviceId(), "authz-module"));
        Device other = registry.addDevice(new Device("authz-other-" + UUID.randomUUID()));
        operations = operations();
        credentials = credentials(other);
    }

    @AfterAll
    static void tearDown() throws Exception {
        api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/" + FRESH, null, api.ownerToken());
        registry.removeDevice(device.getDeviceId());
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Operation operation : operations) {
            for (Credential credential : credentials) {
                rows.add(Arguments.of(operation, credential));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matrix")
    void eachOperationIsAllowedOnlyWithTheRightItNeeds(Operation operation, Credential credential) {
        Map<String, String> headers = new HashMap<>(operation.headers());
        if (credential.authorization() != null) {
            headers.put("Authorization", credential.authorization());
        }
        ServiceApi.Reply reply = api.call(operation.method(), operation.path(), operation.request(), headers);
        String row = operation + " with " + credential + " -> " + reply.status() + " " + reply.body();
        if (credential.rights() != null && operation.needs().grantedBy(credential.rights())) {
            assertNotEquals(401, reply.status(), row);
            assertNotEquals(403, reply.status(), row);
            assertFalse(reply.body().contains("IotHubUnauthorizedAccess"), row);
        } else {
            assertEquals(401, reply.status(), row);
            assertEquals("IotHubUnauthorizedAccess", reply.headers().get("iothub-errorcode"), row);
            JsonObject body = JsonParser.parseString(reply.body()).getAsJsonObject();
            assertTrue(body.get("Message").getAsString().startsWith("ErrorCode:IotHubUnauthorizedAccess;"), row);
            assertTrue(body.get("ExceptionMessage").getAsString().startsWith("Tracking ID:"), row);
            assertEquals(401002, body.get("errorCode").getAsInt(), row);
        }
    }

    private static List<Operation> operations() {
        Needs read = Needs.anyOf(Right.REGISTRY_READ);
        Needs write = Needs.anyOf(Right.REGISTRY_WRITE);
        Needs service = Needs.anyOf(Right.SERVICE_CONNECT);
        Needs twinRead = Needs.anyOf(Right.REGISTRY_READ, Right.SERVICE_CONNECT);
        Needs twinWrite = Needs.anyOf(Right.REGISTRY_WRITE, Right.SERVICE_CONNECT);
        Map<String, String> none = Map.of();
        Map<String, String> anyEtag = Map.of("If-Match", "*");
        Map<String, String> patchOverride = Map.of("X-HTTP-Method-Override", "PATCH");
        String tags = "{\"tags\":{\"matrix\":1}}";
        String method = "{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":5,\"connectTimeoutInSeconds\":0}";
        return List.of(
                // identity registry
                new Operation("GET", "/devices", null, none, read),
                new Operation("GET", "/devices/{id}", null, none, read),
                new Operation("PUT", "/devices/{absent}", "{not json", none, write),
                new Operation("PUT", "/devices/{id}", "{not json", anyEtag, write),
                new Operation("DELETE", "/devices/{absent}", null, anyEtag, write),
                new Operation("POST", "/devices", "{not json", none, write),
                new Operation("GET", "/devices/{id}/modules", null, none, read),
                new Operation("GET", "/devices/{id}/modules/{mid}", null, none, read),
                new Operation("PUT", "/devices/{id}/modules/{absent}", "{not json", none, write),
                new Operation("DELETE", "/devices/{id}/modules/{absent}", null, anyEtag, write),
                // IoT Hub answers the service policy 401 here, whatever its guide says of ServiceConnect and queries
                new Operation("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices WHERE deviceId = '{id}'\"}",
                        none, read),
                new Operation("GET", "/statistics/devices", null, none, read),
                new Operation("GET", "/statistics/service", null, none, read),
                // import and export jobs
                new Operation("POST", "/jobs/create", "{not json", none, write),
                new Operation("GET", "/jobs", null, none, read),
                new Operation("GET", "/jobs/{absent}", null, none, read),
                new Operation("DELETE", "/jobs/{absent}", null, none, write),
                // device and module twins
                new Operation("GET", "/twins/{id}", null, none, twinRead),
                new Operation("PATCH", "/twins/{id}", tags, none, twinWrite),
                new Operation("POST", "/twins/{id}", tags, patchOverride, twinWrite),
                new Operation("PUT", "/twins/{id}", tags, none, twinWrite),
                new Operation("GET", "/twins/{id}/modules/{mid}", null, none, twinRead),
                new Operation("PATCH", "/twins/{id}/modules/{mid}", tags, none, twinWrite),
                new Operation("POST", "/twins/{id}/modules/{mid}", tags, patchOverride, twinWrite),
                new Operation("PUT", "/twins/{id}/modules/{mid}", tags, none, twinWrite),
                // direct methods: the device is offline, so an allowed call is answered 404103
                new Operation("POST", "/twins/{id}/methods", method, none, service),
                new Operation("POST", "/twins/{id}/modules/{mid}/methods", method, none, service),
                // cloud-to-device messages
                new Operation("POST", "/devices/{absent}/messages/deviceBound", "hello", none, service),
                new Operation("DELETE", "/devices/{id}/commands", null, none, service),
                // scheduled jobs
                new Operation("PUT", "/jobs/v2/{new}", "{not json", none, write),
                new Operation("GET", "/jobs/v2/{absent}", null, none, read),
                new Operation("POST", "/jobs/v2/{absent}/cancel", null, none, write),
                new Operation("GET", "/jobs/v2/query", null, none, read),
                // consumer groups of the events endpoint (IoT Hub manages them through Azure Resource Manager)
                new Operation("GET", "/eventHubEndpoints/events/consumerGroups", null, none, service),
                new Operation("GET", "/eventHubEndpoints/events/consumerGroups/$Default", null, none, service),
                new Operation("PUT", "/eventHubEndpoints/events/consumerGroups/{new}", null, none, write),
                new Operation("DELETE", "/eventHubEndpoints/events/consumerGroups/{absent}", null, none, write),
                // the policies' keys: the owner's alone
                new Operation("GET", "/sharedAccessPolicies", null, none, Needs.allRights()));
    }

    private static List<Credential> credentials(Device other) {
        String host = api.host();
        String ownerKey = api.policyKey("iothubowner");
        long inAnHour = Instant.now().getEpochSecond() + 3600;
        String randomKey = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        Set<Right> all = EnumSet.allOf(Right.class);
        return List.of(
                policy("iothubowner", all),
                policy("service", EnumSet.of(Right.SERVICE_CONNECT)),
                policy("device", EnumSet.of(Right.DEVICE_CONNECT)),
                policy("registryRead", EnumSet.of(Right.REGISTRY_READ)),
                policy("registryReadWrite", EnumSet.of(Right.REGISTRY_READ, Right.REGISTRY_WRITE)),
                new Credential("iothubowner secondary key",
                        SasTokens.policy(host, "iothubowner", api.policySecondaryKey("iothubowner"), 3600), all),
                new Credential("no token", null, null),
                new Credential("owner's key, no policy name", SasTokens.sign(host, ownerKey, inAnHour), null),
                new Credential("the device's own token", SasTokens.device(host, device.getDeviceId(), device.getPrimaryKey()), null),
                new Credential("forged signature", SasTokens.policy(host, "iothubowner", randomKey, 3600), null),
                new Credential("service named, owner's key", SasTokens.policy(host, "service", ownerKey, 3600), null),
                new Credential("expired", SasTokens.policy(host, "iothubowner", ownerKey, -60), null),
                new Credential("audience another device",
                        SasTokens.sign(host + "/devices/" + other.getDeviceId(), ownerKey, inAnHour) + "&skn=iothubowner", null),
                new Credential("audience another hub", SasTokens.policy("other-hub.example.net", "iothubowner", ownerKey, 3600), null),
                new Credential("unknown policy", SasTokens.policy(host, "nosuchpolicy", ownerKey, 3600), null),
                new Credential("malformed: Bearer", "Bearer " + ownerKey, null),
                new Credential("malformed: no signature", "SharedAccessSignature sr=" + host + "&se=" + inAnHour + "&skn=iothubowner", null),
                new Credential("malformed: expiry not a number",
                        SasTokens.policy(host, "iothubowner", ownerKey, 3600).replaceFirst("&se=\\d+", "&se=soon"), null));
    }

    private static Credential policy(String name, Set<Right> rights) {
        return new Credential(name, SasTokens.policy(api.host(), name, api.policyKey(name), 3600), rights);
    }
}
