package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.JobStatistics;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobStatus;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobType;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.query.JobQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * Scheduled jobs from the official service SDK's {@link ScheduledJobsClient}, acting on devices connected with the
 * official device SDK. The hub runs with IoT Hub S1's defaults: 10 devices per second, one job at a time.
 */
class ScheduledJobIT {

    private static final Set<ScheduledJobStatus> ENDED = Set.of(ScheduledJobStatus.completed, ScheduledJobStatus.failed,
            ScheduledJobStatus.cancelled);

    private static RegistryClient registry;
    private static TwinClient twins;
    private static ScheduledJobsClient jobs;
    private static QueryClient queries;
    private static ServiceApi api;
    private static final List<DeviceClient> clients = new ArrayList<>();

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        jobs = new ScheduledJobsClient(HubUnderTest.ownerConnectionString());
        queries = new QueryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @AfterAll
    static void closeDevices() {
        clients.forEach(DeviceClient::close);
    }

    @Test
    void aMethodJobReachesEveryMatchedOnlineDeviceAndFailsTheOfflineOnes() throws Exception {
        Map<String, List<String>> calls = new ConcurrentHashMap<>();
        List<Device> online = devices(3);
        for (Device device : online) {
            openWithMethods(device, calls);
        }
        List<Device> offline = devices(2);
        Device notMatched = devices(1).get(0);
        openWithMethods(notMatched, calls);

        String jobId = jobId();
        ScheduledJob created = jobs.scheduleDirectMethod(jobId, idsIn(online, offline), "reboot", new Date(),
                DirectMethodsJobOptions.builder()
                        .payload(Map.of("delay", 5))
                        .methodResponseTimeoutSeconds(10)
                        .methodConnectTimeoutSeconds(0)
                        .maxExecutionTimeSeconds(60)
                        .build());
        assertEquals(jobId, created.getJobId());
        assertEquals(ScheduledJobType.scheduleDeviceMethod, created.getJobType());
        assertTrue(created.getCloudToDeviceMethod().contains("reboot"), created.getCloudToDeviceMethod());

        ScheduledJob job = awaitEnd(jobId);
        assertEquals(ScheduledJobStatus.completed, job.getJobStatus());
        assertStatistics(job.getJobStatistics(), 5, 3, 2);
        for (Device device : online) {
            assertEquals(List.of("reboot {\"delay\":5}"), calls.get(device.getDeviceId()), device.getDeviceId());
        }
        assertFalse(calls.containsKey(notMatched.getDeviceId()), "a device the condition does not select is not called");
        assertNotNull(job.getEndTime());
        assertFalse(job.getEndTime().before(job.getStartTime()));
        assertDeviceRecordsOfMethodJob(jobId, deviceIds(online), deviceIds(offline));
    }

    /**
     * {@code devices.jobs} holds one record per selected device: the typed view of {@link QueryClient#queryJobs}
     * gives status and error, the raw rows the method's answer (the SDK keeps no typed copy of it).
     */
    private static void assertDeviceRecordsOfMethodJob(String jobId, Set<String> online, Set<String> offline)
            throws Exception {
        String query = "SELECT * FROM devices.jobs WHERE jobId = '" + jobId + "'";
        Map<String, ScheduledJob> records = new HashMap<>();
        JobQueryResponse typed = queries.queryJobs(query);
        while (typed.hasNext()) {
            ScheduledJob record = typed.next();
            assertEquals(jobId, record.getJobId());
            assertEquals(ScheduledJobType.scheduleDeviceMethod, record.getJobType());
            assertNull(records.put(record.getDeviceId(), record), "one record per device: " + record.getDeviceId());
        }
        Set<String> selected = new HashSet<>(online);
        selected.addAll(offline);
        assertEquals(selected, records.keySet());
        for (String id : online) {
            assertEquals(ScheduledJobStatus.completed, records.get(id).getJobStatus(), id);
            assertNull(records.get(id).getError(), id);
        }
        for (String id : offline) {
            assertEquals(ScheduledJobStatus.failed, records.get(id).getJobStatus(), id);
            JsonObject error = JsonParser.parseString(records.get(id).getError()).getAsJsonObject();
            assertEquals("DeviceNotOnline", error.get("code").getAsString(), id);
        }

        RawQueryResponse raw = queries.queryRaw(query);
        int rows = 0;
        while (raw.hasNext()) {
            JsonObject row = JsonParser.parseString(raw.next()).getAsJsonObject();
            String id = row.get("deviceId").getAsString();
            rows++;
            JsonElement answer = row.has("outcome") ? row.getAsJsonObject("outcome").get("deviceMethodResponse") : null;
            if (online.contains(id)) {
                assertNotNull(answer, "the online device's record holds the method's answer: " + row);
                assertEquals(200, answer.getAsJsonObject().get("status").getAsInt(), id);
                assertTrue(answer.getAsJsonObject().getAsJsonObject("payload").get("rebooted").getAsBoolean(), id);
            } else {
                assertTrue(answer == null || answer.isJsonNull(), "an offline device has no method answer: " + row);
                assertEquals("DeviceNotOnline", row.getAsJsonObject("error").get("code").getAsString(), id);
            }
        }
        assertEquals(selected.size(), rows);
    }

    @Test
    void aTwinJobUpdatesEveryMatchedTwinAndAConnectedDeviceIsNotified() throws Exception {
        List<Device> matched = devices(3);
        BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications = new LinkedBlockingQueue<>();
        openWithDesiredProperties(matched.get(0), notifications);
        Device notMatched = devices(1).get(0);

        Twin update = new Twin();
        update.getTags().put("building", "43");
        update.getDesiredProperties().put("firmware", "2.0");
        String jobId = jobId();
        ScheduledJob created = jobs.scheduleUpdateTwin(jobId, idsIn(matched), update,
                new Date(System.currentTimeMillis() + 2000), 60);
        assertEquals(ScheduledJobStatus.scheduled, created.getJobStatus(), "a job whose start time is ahead waits for it");
        assertEquals(ScheduledJobType.scheduleUpdateTwin, created.getJobType());
        assertEquals("2.0", created.getUpdateTwin().getDesiredProperties().get("firmware"));

        ScheduledJob job = awaitEnd(jobId);
        assertEquals(ScheduledJobStatus.completed, job.getJobStatus());
        assertStatistics(job.getJobStatistics(), 3, 3, 0);
        assertFalse(job.getEndTime().before(job.getStartTime()));
        for (Device device : matched) {
            Twin twin = twins.get(device.getDeviceId());
            assertEquals("43", twin.getTags().get("building"), device.getDeviceId());
            assertEquals("2.0", twin.getDesiredProperties().get("firmware"), device.getDeviceId());
        }
        Twin untouched = twins.get(notMatched.getDeviceId());
        assertFalse(untouched.getTags().containsKey("building"));

        com.microsoft.azure.sdk.iot.device.twin.Twin notified = awaitDesired(notifications, "firmware");
        assertEquals("2.0", notified.getDesiredProperties().get("firmware"));
    }

    @Test
    void aJobScheduledInTheFutureStaysScheduledUntilCancelled() throws Exception {
        Map<String, List<String>> calls = new ConcurrentHashMap<>();
        Device device = devices(1).get(0);
        openWithMethods(device, calls);
        String jobId = jobId();
        jobs.scheduleDirectMethod(jobId, idsIn(List.of(device)), "reboot",
                new Date(System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1)),
                DirectMethodsJobOptions.builder().methodConnectTimeoutSeconds(0).methodResponseTimeoutSeconds(10).build());
        Thread.sleep(1500);
        ScheduledJob waiting = jobs.get(jobId);
        assertEquals(ScheduledJobStatus.scheduled, waiting.getJobStatus());
        assertStatistics(waiting.getJobStatistics(), 0, 0, 0);

        ScheduledJob cancelled = jobs.cancel(jobId);
        assertEquals(ScheduledJobStatus.cancelled, cancelled.getJobStatus());
        assertNotNull(cancelled.getEndTime());
        assertEquals(ScheduledJobStatus.cancelled, jobs.get(jobId).getJobStatus());
        assertFalse(calls.containsKey(device.getDeviceId()));
    }

    @Test
    void cancellingARunningJobStopsItBeforeTheRemainingDevices() throws Exception {
        List<Device> many = devices(40);
        Twin update = new Twin();
        update.getTags().put("wave", "cancelled");
        String jobId = jobId();
        jobs.scheduleUpdateTwin(jobId, idsIn(many), update, new Date(), 120);
        awaitProgress(jobId);
        ScheduledJob cancelled = jobs.cancel(jobId);
        assertEquals(ScheduledJobStatus.cancelled, cancelled.getJobStatus());

        Thread.sleep(1000);
        JobStatistics statistics = jobs.get(jobId).getJobStatistics();
        assertEquals(40, statistics.getDeviceCount());
        assertEquals(0, statistics.getPendingCount());
        assertEquals(0, statistics.getRunningCount());
        assertTrue(statistics.getSucceededCount() > 0 && statistics.getSucceededCount() < 40,
                "some devices had their turn before the cancel: " + statistics.getSucceededCount());
        assertEquals(40, statistics.getSucceededCount() + statistics.getFailedCount());
        long updated = 0;
        for (Device device : many) {
            if ("cancelled".equals(twins.get(device.getDeviceId()).getTags().get("wave"))) {
                updated++;
            }
        }
        assertEquals(statistics.getSucceededCount(), updated, "only the devices counted as succeeded were updated");
    }

    @Test
    void aJobThatRunsOutOfTimeFailsTheDevicesItDidNotReach() throws Exception {
        // At 10 devices per second 60 devices need 6 s; the job may work on them for 3 s.
        List<Device> many = devices(60);
        Twin update = new Twin();
        update.getDesiredProperties().put("deadline", "short");
        String jobId = jobId();
        jobs.scheduleUpdateTwin(jobId, idsIn(many), update, new Date(), 3);
        ScheduledJob job = awaitEnd(jobId);
        assertEquals(ScheduledJobStatus.completed, job.getJobStatus());
        JobStatistics statistics = job.getJobStatistics();
        assertEquals(60, statistics.getDeviceCount());
        assertTrue(statistics.getSucceededCount() >= 1 && statistics.getSucceededCount() <= 40,
                "devices updated within 3 s: " + statistics.getSucceededCount());
        assertTrue(statistics.getFailedCount() >= 20, "devices not reached: " + statistics.getFailedCount());
        assertEquals(60, statistics.getSucceededCount() + statistics.getFailedCount());
        assertEquals(0, statistics.getPendingCount() + statistics.getRunningCount());
        assertTrue(job.getEndTime().getTime() - job.getStartTime().getTime() < 15_000);
    }

    @Test
    void aRunningJobResumesAfterARestartWhereItWas() throws Exception {
        List<Device> many = devices(50);
        Twin update = new Twin();
        update.getTags().put("restart", "survived");
        String jobId = jobId();
        jobs.scheduleUpdateTwin(jobId, idsIn(many), update, new Date(), 600);
        awaitProgress(jobId);
        Thread.sleep(1000);
        HubUnderTest.restart();

        ScheduledJob job = awaitEnd(jobId);
        assertEquals(ScheduledJobStatus.completed, job.getJobStatus());
        assertStatistics(job.getJobStatistics(), 50, 50, 0);
        Map<Integer, Long> versions = new java.util.HashMap<>();
        for (Device device : many) {
            Twin twin = twins.get(device.getDeviceId());
            assertEquals("survived", twin.getTags().get("restart"), device.getDeviceId());
            versions.merge(twin.getVersion(), 1L, Long::sum);
        }
        long usual = versions.values().stream().max(Long::compare).orElse(0L);
        assertTrue(usual >= 48, "only the updates in flight at the restart were done again: twin versions " + versions);
    }

    @Test
    void jobsAreListedByTypeAndStatusPageByPage() throws Exception {
        List<Device> one = devices(1);
        Twin update = new Twin();
        update.getTags().put("listed", "yes");
        String first = jobId();
        String second = jobId();
        jobs.scheduleUpdateTwin(first, idsIn(one), update, new Date(), 60);
        jobs.scheduleUpdateTwin(second, idsIn(one), update, new Date(), 60);
        awaitEnd(first);
        awaitEnd(second);

        Set<String> listed = new HashSet<>();
        JobQueryResponse page = jobs.query(ScheduledJobType.scheduleUpdateTwin, ScheduledJobStatus.completed,
                QueryPageOptions.builder().pageSize(1).build());
        while (page.hasNext()) {
            ScheduledJob job = page.next(QueryPageOptions.builder().pageSize(1).build());
            assertEquals(ScheduledJobType.scheduleUpdateTwin, job.getJobType());
            assertEquals(ScheduledJobStatus.completed, job.getJobStatus());
            listed.add(job.getJobId());
        }
        assertTrue(listed.containsAll(Set.of(first, second)), "both jobs are listed: " + listed);

        JobQueryResponse methods = jobs.query(ScheduledJobType.scheduleDeviceMethod, null);
        while (methods.hasNext()) {
            assertFalse(Set.of(first, second).contains(methods.next().getJobId()));
        }
    }

    @Test
    void aJobIdInUseIsAConflict() throws Exception {
        List<Device> one = devices(1);
        Twin update = new Twin();
        update.getTags().put("duplicate", "no");
        String jobId = jobId();
        jobs.scheduleUpdateTwin(jobId, idsIn(one), update, new Date(System.currentTimeMillis() + 3_600_000), 60);
        IotHubConflictException e = assertThrows(IotHubConflictException.class,
                () -> jobs.scheduleUpdateTwin(jobId, idsIn(one), update, new Date(), 60));
        assertEquals(409, e.getErrorCode());
        assertTrue(e.getMessage().contains("ErrorCode:JobAlreadyExists"), e.getMessage());
        jobs.cancel(jobId);
    }

    @Test
    void aMissingOrMalformedQueryConditionIsRefusedWithItsPosition() {
        Twin update = new Twin();
        update.getTags().put("never", "written");
        IotHubBadFormatException missing = assertThrows(IotHubBadFormatException.class,
                () -> jobs.scheduleUpdateTwin(jobId(), null, update, new Date(), 60));
        assertTrue(missing.getMessage().contains("ErrorCode:ArgumentInvalid")
                && missing.getMessage().contains("queryCondition"), missing.getMessage());

        IotHubBadFormatException syntax = assertThrows(IotHubBadFormatException.class,
                () -> jobs.scheduleUpdateTwin(jobId(), "tags.x = 1 OR", update, new Date(), 60));
        assertTrue(syntax.getMessage().contains("ErrorCode:ArgumentInvalid")
                && syntax.getMessage().contains("position 14"), syntax.getMessage());
    }

    @Test
    void anUnknownJobTypeOrAMissingMethodIsRefused() {
        String unknownType = api.call("PUT", "/jobs/v2/" + jobId(), "{\"type\":\"rebootDevice\","
                + "\"queryCondition\":\"deviceId = 'x'\",\"startTime\":\"2030-01-01T00:00:00.000Z\"}", api.ownerToken()).body();
        assertTrue(unknownType.contains("ErrorCode:ArgumentInvalid") && unknownType.contains("rebootDevice"), unknownType);

        ServiceApi.Reply noMethod = api.call("PUT", "/jobs/v2/" + jobId(), "{\"type\":\"scheduleDeviceMethod\","
                + "\"queryCondition\":\"deviceId = 'x'\"}", api.ownerToken());
        assertEquals(400, noMethod.status());
        assertTrue(noMethod.body().contains("cloudToDeviceMethod"), noMethod.body());
    }

    @Test
    void anUnknownJobIsNotFoundAndTheServicePolicyMayNotCreateJobs() {
        IotHubNotFoundException e = assertThrows(IotHubNotFoundException.class, () -> jobs.get(jobId()));
        assertTrue(e.getMessage().contains("ErrorCode:JobNotFound"), e.getMessage());

        String serviceToken = SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
        ServiceApi.Reply refused = api.call("PUT", "/jobs/v2/" + jobId(), "{\"type\":\"scheduleUpdateTwin\","
                + "\"queryCondition\":\"deviceId = 'x'\",\"updateTwin\":{\"tags\":{\"a\":1}}}", serviceToken);
        assertEquals(401, refused.status(), refused.body());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static String jobId() {
        return "job-" + UUID.randomUUID();
    }

    private static List<Device> devices(int count) throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(registry.addDevice(new Device("job-dev-" + UUID.randomUUID())));
        }
        return devices;
    }

    private static Set<String> deviceIds(List<Device> devices) {
        return devices.stream().map(Device::getDeviceId).collect(Collectors.toSet());
    }

    @SafeVarargs
    private static String idsIn(List<Device>... groups) {
        return "deviceId IN [" + java.util.Arrays.stream(groups).flatMap(List::stream)
                .map(device -> "'" + device.getDeviceId() + "'")
                .collect(Collectors.joining(", ")) + "]";
    }

    private static ClientOptions tls() throws Exception {
        return ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
    }

    /** A device that records each method call as "name payload" and answers 200. */
    private static void openWithMethods(Device device, Map<String, List<String>> calls) throws Exception {
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api.host(), device.getDeviceId(),
                device.getPrimaryKey()), IotHubClientProtocol.MQTT, tls());
        clients.add(client);
        client.open(false);
        client.subscribeToMethods((name, payload, context) -> {
            calls.computeIfAbsent(device.getDeviceId(), id -> new CopyOnWriteArrayList<>())
                    .add(name + " " + payload.getPayloadAsJsonString());
            return new DirectMethodResponse(200, Map.of("rebooted", true));
        }, null);
    }

    private static void openWithDesiredProperties(Device device,
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications) throws Exception {
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api.host(), device.getDeviceId(),
                device.getPrimaryKey()), IotHubClientProtocol.MQTT, tls());
        clients.add(client);
        client.open(false);
        client.subscribeToDesiredProperties((twin, context) -> notifications.add(twin), null);
    }

    private static com.microsoft.azure.sdk.iot.device.twin.Twin awaitDesired(
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications, String key) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            var twin = notifications.poll(1, TimeUnit.SECONDS);
            if (twin != null && twin.getDesiredProperties().containsKey(key)) {
                return twin;
            }
        }
        throw new AssertionError("no desired-property notification with " + key);
    }

    private static ScheduledJob awaitEnd(String jobId) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            ScheduledJob job = jobs.get(jobId);
            if (ENDED.contains(job.getJobStatus())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not end: " + jobs.get(jobId).getJobStatus());
    }

    /** Waits until the job has given at least one device its turn. */
    private static void awaitProgress(String jobId) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            if (jobs.get(jobId).getJobStatistics().getSucceededCount() > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " made no progress");
    }

    private static void assertStatistics(JobStatistics statistics, int devices, int succeeded, int failed) {
        assertEquals(devices, statistics.getDeviceCount(), "deviceCount");
        assertEquals(succeeded, statistics.getSucceededCount(), "succeededCount");
        assertEquals(failed, statistics.getFailedCount(), "failedCount");
        assertEquals(0, statistics.getRunningCount(), "runningCount");
        assertEquals(0, statistics.getPendingCount(), "pendingCount");
    }
}
