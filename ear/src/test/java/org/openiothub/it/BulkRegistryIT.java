package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryJob;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * Bulk registry operations, statistics and import/export jobs. The service SDK 2.1.9 has no bulk call, so bulk
 * requests go by hand; statistics, import, export and job status go through its RegistryClient.
 */
class BulkRegistryIT {

    private static final String KEY_1 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private static final String KEY_2 = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA=";

    private static RegistryClient registry;
    private static TwinClient twins;
    private static QueryClient queries;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        queries = new QueryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    private static String newId() {
        return "bulk-" + UUID.randomUUID();
    }

    // --- bulk registry ------------------------------------------------------------------------------------------

    @Test
    void bulkCreateThenUpdateThenDeleteAppliesEveryDevice() throws Exception {
        String a = newId();
        String b = newId();
        ServiceApi.Reply created = bulk(entry(a, "create") + "," + entry(b, "create"));
        assertEquals(200, created.status(), created.body());
        JsonObject result = JsonParser.parseString(created.body()).getAsJsonObject();
        assertTrue(result.get("isSuccessful").getAsBoolean());
        assertEquals(0, result.getAsJsonArray("errors").size());
        assertEquals(0, result.getAsJsonArray("warnings").size());
        assertNotNull(registry.getDevice(a).getPrimaryKey(), "keys are generated as for a single create");

        ServiceApi.Reply updated = bulk("{\"id\":\"" + a + "\",\"importMode\":\"update\",\"status\":\"disabled\"}");
        assertEquals(200, updated.status(), updated.body());
        assertEquals(DeviceStatus.Disabled, registry.getDevice(a).getStatus());

        ServiceApi.Reply deleted = bulk(entry(a, "delete") + "," + entry(b, "delete"));
        assertEquals(200, deleted.status(), deleted.body());
        assertThrows(IotHubNotFoundException.class, () -> registry.getDevice(a));
        assertThrows(IotHubNotFoundException.class, () -> registry.getDevice(b));
    }

    @Test
    void createOfAnExistingDeviceIsRefusedForThatDeviceOnly() throws Exception {
        String existing = newId();
        registry.addDevice(new Device(existing));
        String fresh = newId();
        ServiceApi.Reply reply = bulk(entry(existing, "create") + "," + entry(fresh, "create"));
        assertEquals(400, reply.status(), reply.body());
        JsonObject result = JsonParser.parseString(reply.body()).getAsJsonObject();
        assertFalse(result.get("isSuccessful").getAsBoolean());
        JsonArray errors = result.getAsJsonArray("errors");
        assertEquals(1, errors.size(), reply.body());
        JsonObject error = errors.get(0).getAsJsonObject();
        assertEquals(existing, error.get("deviceId").getAsString());
        assertEquals("DeviceAlreadyExists", error.get("errorCode").getAsString());
        assertFalse(error.get("errorStatus").getAsString().isEmpty());
        assertEquals(fresh, registry.getDevice(fresh).getDeviceId(), "the other device is created");
    }

    @Test
    void deleteWithAStaleEtagIsRefusedAndWithTheCurrentOneApplies() throws Exception {
        String id = newId();
        Device device = registry.addDevice(new Device(id));
        ServiceApi.Reply stale = bulk("{\"id\":\"" + id + "\",\"importMode\":\"deleteIfMatchETag\",\"eTag\":\"bm90LWl0\"}");
        assertEquals(400, stale.status(), stale.body());
        JsonObject error = JsonParser.parseString(stale.body()).getAsJsonObject().getAsJsonArray("errors").get(0).getAsJsonObject();
        assertEquals("PreconditionFailed", error.get("errorCode").getAsString());
        assertEquals(id, registry.getDevice(id).getDeviceId(), "still there");

        ServiceApi.Reply current = bulk("{\"id\":\"" + id + "\",\"importMode\":\"deleteIfMatchETag\",\"eTag\":\"" + device.getETag() + "\"}");
        assertEquals(200, current.status(), current.body());
        assertThrows(IotHubNotFoundException.class, () -> registry.getDevice(id));
    }

    @Test
    void bulkWritesTagsAndDesiredPropertiesToTheTwin() throws Exception {
        String id = newId();
        ServiceApi.Reply reply = bulk("{\"id\":\"" + id + "\",\"importMode\":\"create\",\"authentication\":{\"type\":\"sas\","
                + "\"symmetricKey\":{\"primaryKey\":\"" + KEY_1 + "\",\"secondaryKey\":\"" + KEY_2 + "\"}},"
                + "\"tags\":{\"site\":\"north\"},\"properties\":{\"desired\":{\"rate\":7}}}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(KEY_1, registry.getDevice(id).getPrimaryKey());
        Twin twin = twins.get(id);
        assertEquals("north", twin.getTags().get("site"));
        assertEquals(7, ((Number) twin.getDesiredProperties().get("rate")).intValue());
    }

    @Test
    void bulkWritesKeepTheQueryIndexInStep() throws Exception {
        String id = newId();
        assertEquals(200, bulk("{\"id\":\"" + id + "\",\"importMode\":\"create\",\"tags\":{\"site\":\"old\"}}").status());
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE deviceId = '" + id + "' AND tags.site = 'old'"
                + " AND status = 'enabled'"));

        ServiceApi.Reply updated = bulk("{\"id\":\"" + id + "\",\"importMode\":\"createOrUpdate\",\"status\":\"disabled\","
                + "\"tags\":{\"site\":\"new\"}}");
        assertEquals(200, updated.status(), updated.body());
        assertEquals(List.of(id), twinIds("SELECT * FROM devices WHERE deviceId = '" + id + "' AND tags.site = 'new'"
                + " AND status = 'disabled'"), "the index holds the new tag and status");
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE deviceId = '" + id + "' AND tags.site = 'old'"));
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE deviceId = '" + id + "' AND status = 'enabled'"));

        assertEquals(200, bulk(entry(id, "delete")).status());
        assertEquals(List.of(), twinIds("SELECT * FROM devices WHERE deviceId = '" + id + "'"), "no rows are left");
    }

    @Test
    void moreThanOneHundredDevicesAreRefusedWhole() throws Exception {
        List<String> entries = new ArrayList<>();
        String first = newId();
        for (int i = 0; i < 101; i++) {
            entries.add(entry(i == 0 ? first : newId(), "create"));
        }
        ServiceApi.Reply reply = bulk(String.join(",", entries));
        assertEquals(413, reply.status(), reply.body());
        assertTrue(reply.body().contains("ErrorCode:TooManyDevices"), reply.body());
        assertThrows(IotHubNotFoundException.class, () -> registry.getDevice(first), "nothing is applied");
    }

    @Test
    void aDeviceTwiceInOneRequestIsRefusedWhole() throws Exception {
        String id = newId();
        ServiceApi.Reply reply = bulk(entry(id, "create") + "," + entry(id, "delete"));
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.body().contains("ErrorCode:DeviceDefinedMultipleTimes"), reply.body());
        assertThrows(IotHubNotFoundException.class, () -> registry.getDevice(id));
    }

    @Test
    void bulkNeedsRegistryWrite() {
        String token = SasTokens.policy(api.host(), "registryRead", api.policyKey("registryRead"), 3600);
        ServiceApi.Reply reply = api.call("POST", "/devices", "[" + entry(newId(), "create") + "]", token);
        assertEquals(401, reply.status(), reply.body());
    }

    // --- statistics ---------------------------------------------------------------------------------------------

    @Test
    void statisticsCountDevicesByStatus() throws Exception {
        RegistryStatistics before = registry.getStatistics();
        assertEquals(before.getTotalDeviceCount(), before.getEnabledDeviceCount() + before.getDisabledDeviceCount());
        String id = newId();
        Device device = new Device(id);
        device.setStatus(DeviceStatus.Disabled);
        registry.addDevice(device);
        RegistryStatistics after = registry.getStatistics();
        assertEquals(before.getDisabledDeviceCount() + 1, after.getDisabledDeviceCount());
        assertEquals(after.getTotalDeviceCount(), after.getEnabledDeviceCount() + after.getDisabledDeviceCount());
        registry.removeDevice(id);
    }

    @Test
    void serviceStatisticsCountConnectedDevices() {
        ServiceApi.Reply reply = api.call("GET", "/statistics/service", null, api.ownerToken());
        assertEquals(200, reply.status(), reply.body());
        assertTrue(JsonParser.parseString(reply.body()).getAsJsonObject().get("connectedDeviceCount").getAsLong() >= 0);
    }

    // --- import and export jobs ---------------------------------------------------------------------------------

    @Test
    void importCreatesDevicesWithTwinsAndLogsRefusedOnes() throws Exception {
        String existing = newId();
        registry.addDevice(new Device(existing));
        String seeded = newId();
        String plain = newId();
        String container = "in-" + UUID.randomUUID();
        writeBlob(container, "devices.txt", List.of(
                "{\"id\":\"" + seeded + "\",\"importMode\":\"create\",\"status\":\"enabled\",\"authentication\":{\"type\":\"sas\","
                        + "\"symmetricKey\":{\"primaryKey\":\"" + KEY_1 + "\",\"secondaryKey\":\"" + KEY_2 + "\"}},"
                        + "\"tags\":{\"site\":\"south\"},\"properties\":{\"desired\":{\"rate\":3},\"reported\":{\"fw\":\"2.1\"}}}",
                "{\"id\":\"" + plain + "\",\"importMode\":\"createOrUpdate\"}",
                "{\"id\":\"" + existing + "\",\"importMode\":\"create\"}",
                "not json"));
        String output = "out-" + UUID.randomUUID();

        RegistryJob job = registry.importDevices("file:" + container, "file:" + output);
        assertNotNull(job.getJobId());
        assertEquals(RegistryJob.JobType.IMPORT, job.getType());
        RegistryJob done = awaitEnd(job.getJobId());
        assertEquals(RegistryJob.JobStatus.COMPLETED, done.getStatus(), done.getFailureReason());
        assertEquals(100, done.getProgress());
        assertNotNull(done.getStartTimeUtc());
        assertNotNull(done.getEndTimeUtc());

        assertEquals(KEY_1, registry.getDevice(seeded).getPrimaryKey());
        assertEquals(plain, registry.getDevice(plain).getDeviceId());
        Twin twin = twins.get(seeded);
        assertEquals("south", twin.getTags().get("site"));
        assertEquals(3, ((Number) twin.getDesiredProperties().get("rate")).intValue());
        assertEquals("2.1", twin.getReportedProperties().get("fw"), "reported properties seed the twin");
        assertTrue(twinIds("SELECT * FROM devices WHERE tags.site = 'south' AND properties.desired.rate = 3"
                + " AND properties.reported.fw = '2.1'").contains(seeded), "the query index holds the imported twin");
        assertEquals(List.of(seeded), twinIds("SELECT * FROM devices WHERE deviceId = '" + seeded + "' AND version = "
                + twin.getVersion()), "the query index holds the imported twin's version");

        List<JsonObject> errors = Files.readAllLines(HubUnderTest.blobsDir().resolve(output).resolve("importErrors.log"))
                .stream().map(line -> JsonParser.parseString(line).getAsJsonObject()).toList();
        assertEquals(2, errors.size(), errors.toString());
        JsonObject refused = errors.stream().filter(error -> error.get("deviceId").getAsString().equals(existing))
                .findFirst().orElseThrow(() -> new AssertionError("no error for " + existing + " in " + errors));
        assertEquals("DeviceAlreadyExists", refused.get("errorCode").getAsString());
        assertTrue(errors.stream().anyMatch(error -> error.get("errorCode").getAsString().equals("IotHubFormatError")),
                "the line that is not JSON is logged: " + errors);
    }

    @Test
    void exportWritesEveryDeviceWithItsTwinAndKeysUnlessExcluded() throws Exception {
        String id = newId();
        Device device = registry.addDevice(new Device(id));
        Twin twin = twins.get(id);
        twin.getTags().put("room", "12");
        twins.patch(twin);

        String container = "export-" + UUID.randomUUID();
        RegistryJob done = awaitEnd(registry.exportDevices("file:" + container, false).getJobId());
        assertEquals(RegistryJob.JobStatus.COMPLETED, done.getStatus(), done.getFailureReason());
        JsonObject line = exportLine(container, id);
        assertEquals(device.getPrimaryKey(), line.getAsJsonObject("authentication").getAsJsonObject("symmetricKey")
                .get("primaryKey").getAsString());
        assertEquals("12", line.getAsJsonObject("tags").get("room").getAsString());
        assertTrue(line.getAsJsonObject("properties").has("reported"));
        assertTrue(line.has("twinETag"));

        String withoutKeys = "export-" + UUID.randomUUID();
        done = awaitEnd(registry.exportDevices("file:" + withoutKeys, true).getJobId());
        assertEquals(RegistryJob.JobStatus.COMPLETED, done.getStatus(), done.getFailureReason());
        assertTrue(exportLine(withoutKeys, id).getAsJsonObject("authentication").getAsJsonObject("symmetricKey")
                .get("primaryKey").isJsonNull());
    }

    @Test
    void aSecondJobWhileOneRunsIsRefusedAndTheFirstCanBeCancelled() throws Exception {
        String container = "many-" + UUID.randomUUID();
        List<String> lines = new ArrayList<>();
        String prefix = "many-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 20_000; i++) {
            lines.add("{\"id\":\"" + prefix + i + "\",\"importMode\":\"createOrUpdate\"}");
        }
        writeBlob(container, "devices.txt", lines);
        RegistryJob first = registry.importDevices("file:" + container, "file:" + container);

        ServiceApi.Reply second = api.call("POST", "/jobs/create",
                "{\"type\":\"export\",\"outputBlobContainerUri\":\"file:" + container + "\"}", api.ownerToken());
        assertEquals(403, second.status(), second.body());
        assertTrue(second.body().contains("ErrorCode:JobQuotaExceeded"), second.body());

        ServiceApi.Reply listed = api.call("GET", "/jobs", null, api.ownerToken());
        assertEquals(200, listed.status());
        assertTrue(listed.body().contains(first.getJobId()), listed.body());

        ServiceApi.Reply cancelled = api.call("DELETE", "/jobs/" + first.getJobId(), null, api.ownerToken());
        assertEquals(200, cancelled.status(), cancelled.body());
        RegistryJob ended = awaitEnd(first.getJobId());
        assertEquals(RegistryJob.JobStatus.CANCELLED, ended.getStatus());
        assertNotNull(ended.getEndTimeUtc());
        Thread.sleep(2000);
        assertEquals(RegistryJob.JobStatus.CANCELLED, registry.getJob(first.getJobId()).getStatus(), "a cancelled job stays cancelled");
    }

    @Test
    void aJobRunningWhenTheHubStopsEndsFailedAndKeepsItsFinishedBatches() throws Exception {
        String container = "restart-" + UUID.randomUUID();
        String prefix = "restart-" + UUID.randomUUID() + "-";
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            lines.add("{\"id\":\"" + prefix + i + "\",\"importMode\":\"create\"}");
        }
        writeBlob(container, "devices.txt", lines);
        String jobId = registry.importDevices("file:" + container, "file:" + container).getJobId();
        long deadline = System.currentTimeMillis() + 60_000;
        RegistryJob job = registry.getJob(jobId);
        while (job.getProgress() < 1 && job.getStatus() == RegistryJob.JobStatus.RUNNING
                || job.getStatus() == RegistryJob.JobStatus.ENQUEUED) {
            assertTrue(System.currentTimeMillis() < deadline, "the job made no progress in a minute");
            Thread.sleep(100);
            job = registry.getJob(jobId);
        }
        assertEquals(RegistryJob.JobStatus.RUNNING, job.getStatus(), "the job must still run when the hub stops");

        HubUnderTest.restart();

        RegistryJob after = registry.getJob(jobId);
        assertEquals(RegistryJob.JobStatus.FAILED, after.getStatus());
        assertTrue(after.getFailureReason().contains("stopped"), after.getFailureReason());
        assertNotNull(after.getEndTimeUtc());
        assertEquals(prefix + "0", registry.getDevice(prefix + "0").getDeviceId(), "finished batches are kept");
        ServiceApi.Reply next = api.call("POST", "/jobs/create",
                "{\"type\":\"export\",\"outputBlobContainerUri\":\"file:" + container + "\"}", api.ownerToken());
        assertEquals(200, next.status(), "a failed job no longer blocks the next one: " + next.body());
        awaitEnd(JsonParser.parseString(next.body()).getAsJsonObject().get("jobId").getAsString());
    }

    @Test
    void containerUrisOutsideTheBlobRootAreRefused() {
        for (String uri : List.of("file:///etc", "file:../escape", "https://account.blob.core.windows.net/c?sv=1",
                "file://" + HubUnderTest.blobsDir().getParent().resolve("tls"))) {
            ServiceApi.Reply reply = api.call("POST", "/jobs/create",
                    "{\"type\":\"export\",\"outputBlobContainerUri\":\"" + uri + "\"}", api.ownerToken());
            assertEquals(400, reply.status(), uri + ": " + reply.body());
            assertTrue(reply.body().contains("ErrorCode:BlobContainerValidationError"), reply.body());
        }
        ServiceApi.Reply reply = api.call("POST", "/jobs/create", "{\"type\":\"import\",\"inputBlobContainerUri\":"
                + "\"file:///etc\",\"outputBlobContainerUri\":\"file:ok\"}", api.ownerToken());
        assertEquals(400, reply.status(), reply.body());
    }

    @Test
    void anUnknownJobIsNotFound() {
        ServiceApi.Reply reply = api.call("GET", "/jobs/" + UUID.randomUUID(), null, api.ownerToken());
        assertEquals(404, reply.status(), reply.body());
        assertTrue(reply.body().contains("ErrorCode:JobNotFound"), reply.body());
        assertEquals(404, api.call("DELETE", "/jobs/" + UUID.randomUUID(), null, api.ownerToken()).status());
    }

    @Test
    void anImportWithoutItsInputBlobFails() throws Exception {
        String container = "empty-" + UUID.randomUUID();
        Files.createDirectories(HubUnderTest.blobsDir().resolve(container));
        RegistryJob done = awaitEnd(registry.importDevices("file:" + container, "file:" + container).getJobId());
        assertEquals(RegistryJob.JobStatus.FAILED, done.getStatus());
        assertTrue(done.getFailureReason().contains("devices.txt"), done.getFailureReason());
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String entry(String id, String mode) {
        return "{\"id\":\"" + id + "\",\"importMode\":\"" + mode + "\"}";
    }

    private static ServiceApi.Reply bulk(String entries) {
        return api.call("POST", "/devices", "[" + entries + "]", api.ownerToken());
    }

    private static void writeBlob(String container, String name, List<String> lines) throws Exception {
        Path dir = HubUnderTest.blobsDir().resolve(container);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static JsonObject exportLine(String container, String id) throws Exception {
        for (String line : Files.readAllLines(HubUnderTest.blobsDir().resolve(container).resolve("devices.txt"))) {
            JsonElement json = JsonParser.parseString(line);
            if (json.getAsJsonObject().get("id").getAsString().equals(id)) {
                return json.getAsJsonObject();
            }
        }
        throw new AssertionError("No line for " + id + " in the export");
    }

    private static List<String> twinIds(String query) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(100).build();
        TwinQueryResponse response = queries.queryTwins(query, options);
        List<String> found = new ArrayList<>();
        while (response.hasNext()) {
            found.add(response.next(options).getDeviceId());
        }
        return found;
    }

    private static RegistryJob awaitEnd(String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            RegistryJob job = registry.getJob(jobId);
            if (job.getStatus() != RegistryJob.JobStatus.ENQUEUED && job.getStatus() != RegistryJob.JobStatus.RUNNING) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Job " + jobId + " did not end within two minutes");
    }
}
