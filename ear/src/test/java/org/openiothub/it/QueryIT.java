package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * The query language through the official service SDK's QueryClient, over devices made with RegistryClient, tags
 * written with TwinClient and reported properties sent by the device SDK over MQTT. Every query names this run's tag,
 * so devices of other tests never show up.
 */
class QueryIT {

    private static final String[] BUILDINGS = {"b1", "b2", "b1", "b3", "b1", "b2"};

    private static RegistryClient registry;
    private static TwinClient twins;
    private static QueryClient queries;
    private static ServiceApi api;
    private static String run;
    private static final List<String> ids = new ArrayList<>();
    private static DeviceClient connected;

    /**
     * Six devices tagged with this run, a building and a floor; devices 0, 2 and 4 report a firmware version, and
     * device 0 stays connected.
     */
    @BeforeAll
    static void fleet() throws Exception {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        queries = new QueryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
        run = "run" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < BUILDINGS.length; i++) {
            String id = "query-" + run + "-" + i;
            registry.addDevice(new Device(id));
            Twin tags = new Twin(id);
            tags.getTags().put("run", run);
            tags.getTags().put("building", BUILDINGS[i]);
            tags.getTags().put("floor", i);
            twins.patch(tags);
            ids.add(id);
        }
        DeviceClient device2 = open(ids.get(2));
        report(device2, ids.get(2), "2.0");
        device2.close();
        DeviceClient device4 = open(ids.get(4));
        report(device4, ids.get(4), "2.1");
        device4.close();
        connected = open(ids.get(0));
        report(connected, ids.get(0), "2.1");
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (connected != null) {
            connected.close();
        }
    }

    private static DeviceClient open(String deviceId) throws Exception {
        ClientOptions options = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
        String host = ConnectionStrings.host(HubUnderTest.ownerConnectionString());
        String key = registry.getDevice(deviceId).getPrimaryKey();
        DeviceClient client = new DeviceClient(ConnectionStrings.device(host, deviceId, key), IotHubClientProtocol.MQTT,
                options);
        client.open(false);
        client.subscribeToDesiredProperties((twin, context) -> { }, null); // the SDK reports only after subscribing
        return client;
    }

    /** Reports {@code fw}; the device SDK may lose the hub's answer on a busy machine (see TwinDeviceIT), so check. */
    private static void report(DeviceClient client, String deviceId, String fw) throws Exception {
        try {
            client.updateReportedProperties(new com.microsoft.azure.sdk.iot.device.twin.TwinCollection(Map.of("fw", fw)),
                    20_000);
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
        }
        assertEquals(fw, twins.get(deviceId).getReportedProperties().get("fw"));
    }

    private static List<String> twinIds(String query, int pageSize) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(pageSize).build();
        TwinQueryResponse response = queries.queryTwins(query, options);
        List<String> found = new ArrayList<>();
        while (response.hasNext()) {
            found.add(response.next(options).getDeviceId());
        }
        return found;
    }

    private static List<JsonObject> rows(String query, int pageSize) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(pageSize).build();
        RawQueryResponse response = queries.queryRaw(query, options);
        List<JsonObject> found = new ArrayList<>();
        while (response.hasNext()) {
            found.add(JsonParser.parseString(response.next(options)).getAsJsonObject());
        }
        return found;
    }

    private static String ofRun(String condition) {
        return "tags.run = '" + run + "'" + (condition.isEmpty() ? "" : " AND " + condition);
    }

    private static ServiceApi.Reply post(String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("Authorization", api.ownerToken());
        return api.call("POST", "/devices/query", body, all);
    }

    private static String queryBody(String query) {
        JsonObject body = new JsonObject();
        body.addProperty("query", query);
        return body.toString();
    }

    @Test
    void aSelectiveQueryOnTagsAndReportedPropertiesFindsExactlyTheMatchingTwins() throws Exception {
        List<String> found = twinIds("SELECT * FROM devices WHERE " + ofRun("tags.building = 'b1' AND properties.reported.fw = '2.1'"), 100);
        assertEquals(List.of(ids.get(0), ids.get(4)), found);

        Twin twin = queries.queryTwins("SELECT * FROM devices WHERE " + ofRun("tags.floor = 4")).next();
        assertEquals(ids.get(4), twin.getDeviceId());
        assertEquals("b1", twin.getTags().get("building"));
        assertEquals("2.1", twin.getReportedProperties().get("fw"));
        assertEquals(List.of(ids.get(3), ids.get(4), ids.get(5)), twinIds("SELECT * FROM devices WHERE " + ofRun("tags.floor >= 3"), 100));
        assertEquals(List.of(ids.get(2)), twinIds("SELECT * FROM devices WHERE " + ofRun("properties.reported.fw != '2.1'"
                + " AND IS_DEFINED(properties.reported.fw)"), 100));
    }

    @Test
    void projectionsNameTheirColumnsWithAliases() throws Exception {
        List<JsonObject> rows = rows("SELECT deviceId, tags.floor AS level FROM devices WHERE " + ofRun("tags.building = 'b2'"), 100);
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(ids.get(1), rows.get(0).get("deviceId").getAsString());
        assertEquals(1, rows.get(0).get("level").getAsInt());
        assertEquals(ids.get(5), rows.get(1).get("deviceId").getAsString());
        assertEquals(5, rows.get(1).get("level").getAsInt());
        assertEquals(2, rows.get(0).size(), "only the projected keys");
    }

    @Test
    void countsGroupByATagOrAReportedProperty() throws Exception {
        Map<String, Integer> byBuilding = new HashMap<>();
        for (JsonObject row : rows("SELECT tags.building, COUNT() AS n FROM devices WHERE " + ofRun("") + " GROUP BY tags.building", 100)) {
            byBuilding.put(row.get("building").getAsString(), row.get("n").getAsInt());
        }
        assertEquals(Map.of("b1", 3, "b2", 2, "b3", 1), byBuilding);

        // connectionState is not indexed: this one aggregates loaded documents with their live state.
        Map<String, Integer> byFirmware = new HashMap<>();
        for (JsonObject row : rows("SELECT properties.reported.fw, COUNT() AS n FROM devices WHERE "
                + ofRun("connectionState = 'Disconnected'") + " GROUP BY properties.reported.fw", 100)) {
            byFirmware.put(row.has("fw") ? row.get("fw").getAsString() : "undefined", row.get("n").getAsInt());
        }
        assertEquals(Map.of("2.0", 1, "2.1", 1, "undefined", 3), byFirmware);

        List<JsonObject> total = rows("SELECT COUNT() AS total FROM devices WHERE " + ofRun(""), 100);
        assertEquals(1, total.size());
        assertEquals(6, total.get(0).get("total").getAsInt());
    }

    @Test
    void topLimitsTheResultsAcrossPages() throws Exception {
        assertEquals(List.of(ids.get(0), ids.get(1)), twinIds("SELECT TOP 2 * FROM devices WHERE " + ofRun(""), 100));
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), twinIds("SELECT TOP 3 * FROM devices WHERE " + ofRun(""), 1));
        TwinQueryResponse top = queries.queryTwins("SELECT TOP 2 * FROM devices WHERE " + ofRun(""),
                QueryPageOptions.builder().pageSize(2).build());
        assertNull(top.getContinuationToken(), "a page that reaches TOP is the last");
    }

    @Test
    void pagesFollowContinuationTokensInIdOrder() throws Exception {
        TwinQueryResponse first = queries.queryTwins("SELECT * FROM devices WHERE " + ofRun(""),
                QueryPageOptions.builder().pageSize(4).build());
        assertNotNull(first.getContinuationToken(), "more results follow the first page");
        assertEquals(ids, twinIds("SELECT * FROM devices WHERE " + ofRun(""), 4));
        assertEquals(ids, twinIds("SELECT * FROM devices WHERE " + ofRun(""), 1));
        assertEquals(ids, twinIds("SELECT * FROM devices WHERE " + ofRun(""), 6), "an exactly full page is the last");
        // Paged with a condition the index cannot answer, and over the whole registry without one.
        assertEquals(ids.subList(1, 6), twinIds("SELECT * FROM devices WHERE " + ofRun("connectionState != 'Connected'"), 2));
        List<String> everyDevice = new ArrayList<>();
        for (JsonObject row : rows("SELECT deviceId FROM devices", 2)) {
            everyDevice.add(row.get("deviceId").getAsString());
        }
        assertTrue(everyDevice.containsAll(ids), everyDevice.toString());
        List<String> sorted = new ArrayList<>(everyDevice);
        sorted.sort(null);
        assertEquals(sorted, everyDevice, "in id order, each once");
        List<JsonObject> groups = rows("SELECT tags.building, COUNT() AS n FROM devices WHERE " + ofRun("") + " GROUP BY tags.building", 1);
        assertEquals(3, groups.size(), "aggregate rows page too");
    }

    @Test
    void connectionStateIsTheLiveOne() throws Exception {
        List<String> online = twinIds("SELECT * FROM devices WHERE " + ofRun("connectionState = 'Connected'"), 100);
        assertEquals(List.of(ids.get(0)), online);
        assertEquals("CONNECTED", queries.queryTwins("SELECT * FROM devices WHERE " + ofRun("connectionState = 'Connected'"))
                .next().getConnectionState());
        assertEquals(5, twinIds("SELECT * FROM devices WHERE " + ofRun("connectionState = 'Disconnected'"), 100).size());
    }

    @Test
    void theIndexFollowsTagChangesRegistryChangesAndDeletions() throws Exception {
        String id = "query-" + run + "-changing";
        registry.addDevice(new Device(id));
        String moved = "moved" + run;
        Twin tags = new Twin(id);
        tags.getTags().put("building", moved);
        tags.getTags().put("spare", true);
        twins.patch(tags);
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "'", 100));
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "' AND tags.spare = true", 100));

        Twin replaced = new Twin(id);
        replaced.getTags().put("building", moved + "-2");
        twins.replace(replaced);
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "'", 100));
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE tags.spare = true AND tags.building = '" + moved + "-2'", 100),
                "a tag the replacement dropped is gone from the index");
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "-2'", 100));

        Device device = registry.getDevice(id);
        device.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(device);
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "-2' AND status = 'disabled'", 100));
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "-2' AND status = 'enabled'", 100));

        registry.removeDevice(id);
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "-2'", 100));
        registry.addDevice(new Device(id));
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE tags.building = '" + moved + "-2'", 100),
                "a device created again starts without the old one's tags");
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE deviceId = '" + id + "' AND status = 'enabled'", 100));
    }

    @Test
    void aSyntaxErrorIsABadRequestNamingThePosition() throws Exception {
        IotHubBadFormatException refused = assertThrows(IotHubBadFormatException.class,
                () -> queries.queryTwins("SELECT * FROM devices WERE tags.a = 1"));
        assertTrue(refused.getMessage().contains("position 23"), refused.getMessage());

        ServiceApi.Reply reply = post(queryBody("SELECT * FROM devices WHERE tags.a = "), Map.of());
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.body().contains("ErrorCode:ArgumentInvalid"), reply.body());
        assertTrue(reply.body().contains("position 38"), reply.body());
    }

    @Test
    void badRequestsAreRefusedWithIotHubsErrors() {
        ServiceApi.Reply badJson = post("{\"query\": ", Map.of());
        assertEquals(400, badJson.status(), badJson.body());
        assertTrue(badJson.body().contains("ErrorCode:IotHubFormatError"), badJson.body());

        String longQuery = "SELECT * FROM devices WHERE tags.x = '" + "x".repeat(8200) + "'";
        ServiceApi.Reply tooLong = post(queryBody(longQuery), Map.of());
        assertEquals(400, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().contains("ErrorCode:ArgumentInvalid"), tooLong.body());

        ServiceApi.Reply bigPage = post(queryBody("SELECT * FROM devices"), Map.of("x-ms-max-item-count", "1001"));
        assertEquals(400, bigPage.status(), bigPage.body());
        assertEquals(200, post(queryBody("SELECT * FROM devices WHERE " + ofRun("")), Map.of("x-ms-max-item-count", "1000")).status());

        ServiceApi.Reply forged = post(queryBody("SELECT * FROM devices"), Map.of("x-ms-continuation", "bm90LWEtdG9rZW4"));
        assertEquals(400, forged.status(), forged.body());
    }

    @Test
    void theReplySaysWhatItsItemsAre() {
        ServiceApi.Reply twinsReply = post(queryBody("SELECT * FROM devices WHERE " + ofRun("")), Map.of("x-ms-max-item-count", "4"));
        assertEquals(200, twinsReply.status(), twinsReply.body());
        assertEquals("twin", twinsReply.headers().get("x-ms-item-type"));
        assertEquals(4, JsonParser.parseString(twinsReply.body()).getAsJsonArray().size());
        String token = twinsReply.headers().get("x-ms-continuation");
        assertNotNull(token);
        ServiceApi.Reply rest = post(queryBody("SELECT * FROM devices WHERE " + ofRun("")), Map.of("x-ms-max-item-count", "4",
                "x-ms-continuation", token));
        JsonArray last = JsonParser.parseString(rest.body()).getAsJsonArray();
        assertEquals(2, last.size());
        assertEquals(ids.get(4), last.get(0).getAsJsonObject().get("deviceId").getAsString());
        assertFalse(rest.headers().containsKey("x-ms-continuation"));

        ServiceApi.Reply raw = post(queryBody("SELECT deviceId FROM devices WHERE " + ofRun("")), Map.of());
        assertEquals("raw", raw.headers().get("x-ms-item-type"));

        ServiceApi.Reply modules = post(queryBody("SELECT * FROM devices.modules WHERE deviceId = '" + ids.get(0) + "'"), Map.of());
        assertEquals(200, modules.status(), modules.body());
        assertEquals("[]", modules.body(), "this run's devices have no modules");
        ServiceApi.Reply jobs = post(queryBody("SELECT * FROM devices.jobs"), Map.of());
        assertEquals(200, jobs.status(), jobs.body());
        assertEquals("deviceJob", jobs.headers().get("x-ms-item-type"));
        for (JsonElement ignored : JsonParser.parseString(jobs.body()).getAsJsonArray()) {
            // a JSON array, whatever job records exist
        }
    }

    @Test
    void aCallerWithoutRegistryReadIsRefused() {
        String service = SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
        ServiceApi.Reply refused = post(queryBody("SELECT * FROM devices"), Map.of("Authorization", service));
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.body().contains("ErrorCode:IotHubUnauthorizedAccess"), refused.body());

        String registryRead = SasTokens.policy(api.host(), "registryRead", api.policyKey("registryRead"), 3600);
        ServiceApi.Reply allowed = post(queryBody("SELECT * FROM devices WHERE " + ofRun("")), Map.of("Authorization", registryRead));
        assertEquals(200, allowed.status(), allowed.body());
    }
}
