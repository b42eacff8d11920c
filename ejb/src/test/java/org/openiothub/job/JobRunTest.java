package org.openiothub.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openiothub.config.HubConfig;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.method.DirectMethods;
import org.openiothub.method.MethodInvocation;
import org.openiothub.method.MethodResult;
import org.openiothub.twin.DeviceTwin;
import org.openiothub.twin.TwinUpdate;
import org.openiothub.twin.Twins;

/** A job's run against an in-memory store and stand-ins for direct methods and twins. */
class JobRunTest {

    private static final String NODE = "node-1";

    private final List<String> patched = new CopyOnWriteArrayList<>();
    private Runnable onPatch = () -> { };

    @AfterEach
    void clearRate() {
        System.clearProperty("hub.jobs.device-rate");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("dev-%03d", i)).toList();
    }

    private InMemoryScheduledJobs twinJob(long maxSeconds) {
        Instant now = Instant.now();
        return new InMemoryScheduledJobs(new ScheduledJob(JobRequest.fromJson("twin-job", json(
                "{'type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'tags':{'a':1}},"
                        + "'maxExecutionTimeInSeconds':" + maxSeconds + "}"), now), now), NODE);
    }

    private JobRunner runner(InMemoryScheduledJobs store, List<String> selected, double rate, Set<String> online) {
        System.setProperty("hub.jobs.device-rate", Double.toString(rate));
        JobRunner runner = new JobRunner() {
            @Override
            public String node() {
                return NODE;
            }
        };
        runner.config = new HubConfig();
        runner.store = store;
        runner.selection = condition -> selected;
        runner.methods = new DirectMethods() {
            @Override
            public CompletionStage<MethodResult> invoke(String deviceId, String moduleId, MethodInvocation invocation) {
                return online.contains(deviceId)
                        ? CompletableFuture.supplyAsync(() -> new MethodResult(200,
                                ("{\"device\":\"" + deviceId + "\"}").getBytes(StandardCharsets.UTF_8)))
                        : CompletableFuture.failedFuture(new HubException(ErrorCode.DEVICE_NOT_ONLINE,
                                "The device " + deviceId + " is not online."));
            }
        };
        runner.twins = new Twins() {
            @Override
            public DeviceTwin patch(String deviceId, TwinUpdate update, String ifMatch) {
                patched.add(deviceId);
                onPatch.run();
                return null;
            }
        };
        // Updates on the run's own thread, so that a test's stand-in sees them in order.
        runner.workers = Runnable::run;
        runner.readSettings();
        return runner;
    }

    @Test
    void aMethodJobRecordsEachAnswerAndTheOfflineDevicesError() {
        Instant now = Instant.now();
        InMemoryScheduledJobs store = new InMemoryScheduledJobs(new ScheduledJob(JobRequest.fromJson("method-job", json(
                "{'type':'scheduleDeviceMethod','queryCondition':'x = 1','cloudToDeviceMethod':{'methodName':'reboot'}}"),
                now), now), NODE);
        JobRunner runner = runner(store, List.of("a", "b", "c"), 1000, Set.of("a", "c"));
        new JobRun("method-job", runner).run();

        assertEquals(JobStatus.COMPLETED, store.status());
        assertEquals(new JobStatistics(3, 1, 2, 0, 0), store.statistics("method-job"));
        JsonObject answered = JobJson.deviceJob(store.device("a"), store.job);
        assertEquals(json("{'status':200,'payload':{'device':'a'}}"),
                answered.getJsonObject("outcome").getJsonObject("deviceMethodResponse"));
        JsonObject offline = JobJson.deviceJob(store.device("b"), store.job);
        assertEquals("failed", offline.getString("status"));
        assertEquals("DeviceNotOnline", offline.getJsonObject("error").getString("code"));
        assertTrue(offline.getJsonObject("error").getString("description").contains("not online"));
    }

    @Test
    void aTwinJobPatchesEveryDeviceOnceAtTheRate() {
        InMemoryScheduledJobs store = twinJob(0);
        JobRunner runner = runner(store, ids(10), 20, Set.of());
        long start = System.nanoTime();
        new JobRun("twin-job", runner).run();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(JobStatus.COMPLETED, store.status());
        assertEquals(ids(10), patched);
        assertTrue(millis >= 400, "10 devices at 20 per second take about half a second, not " + millis + " ms");
    }

    @Test
    void aCancelStopsTheRunBeforeTheRemainingDevices() {
        InMemoryScheduledJobs store = twinJob(0);
        JobRunner runner = runner(store, ids(40), 20, Set.of());
        onPatch = () -> {
            if (patched.size() == 5) {
                store.cancel("twin-job", Instant.now());
            }
        };
        new JobRun("twin-job", runner).run();

        assertEquals(JobStatus.CANCELLED, store.status(), "the run does not overwrite the cancel");
        JobStatistics statistics = store.statistics("twin-job");
        assertEquals(0, statistics.pendingCount() + statistics.runningCount());
        assertTrue(patched.size() < 40, "patched " + patched.size());
        long cancelled = store.devices().stream().filter(d -> d.status() == DeviceJobStatus.CANCELLED).count();
        assertEquals(40 - patched.size(), cancelled);
    }

    @Test
    void whenTheTimeRunsOutTheDevicesNotReachedFail() {
        InMemoryScheduledJobs store = twinJob(1);
        JobRunner runner = runner(store, ids(40), 20, Set.of());
        new JobRun("twin-job", runner).run();

        assertEquals(JobStatus.COMPLETED, store.status());
        assertTrue(patched.size() >= 10 && patched.size() <= 30, "about 20 fit in a second: " + patched.size());
        List<DeviceJob> failed = store.devices().stream().filter(d -> d.status() == DeviceJobStatus.FAILED).toList();
        assertEquals(40 - patched.size(), failed.size());
        failed.forEach(d -> assertEquals(DeviceJobOutcome.JOB_TIMED_OUT, d.errorCode().orElseThrow()));
    }

    @Test
    void aRunWhoseJobAnotherNodeTookOverLeavesTheRemainingDevicesWaiting() {
        InMemoryScheduledJobs store = twinJob(0);
        JobRunner runner = runner(store, ids(40), 20, Set.of());
        onPatch = () -> {
            if (patched.size() == 5) {
                store.takenOverBy("node-2");
            }
        };
        new JobRun("twin-job", runner).run();

        assertEquals(JobStatus.RUNNING, store.status(), "the job is the other node's to end");
        JobStatistics statistics = store.statistics("twin-job");
        assertEquals(patched.size(), statistics.succeededCount());
        assertEquals(40 - patched.size(), statistics.pendingCount());
        assertEquals(0, statistics.runningCount() + statistics.failedCount());
    }

    @Test
    void aStoppingHubLeavesItsJobRunningForTheNextStart() {
        InMemoryScheduledJobs store = twinJob(0);
        JobRunner runner = runner(store, ids(40), 20, Set.of());
        onPatch = () -> {
            if (patched.size() == 5) {
                runner.stop();
            }
        };
        new JobRun("twin-job", runner).run();

        assertEquals(JobStatus.RUNNING, store.status());
        JobStatistics statistics = store.statistics("twin-job");
        assertEquals(patched.size(), statistics.succeededCount());
        assertEquals(40, statistics.succeededCount() + statistics.pendingCount() + statistics.runningCount());
        assertEquals(0, statistics.failedCount());
    }

    @Test
    void aResumedRunGivesOnlyTheUnfinishedDevicesTheirTurn() {
        InMemoryScheduledJobs store = twinJob(0);
        Instant now = Instant.now();
        store.addDevices("twin-job", ids(5), now);
        store.devicesResolved("twin-job", now);
        store.startNext("twin-job", 3, now);
        store.record("twin-job", "dev-000", DeviceJobOutcome.updated(), now);
        store.record("twin-job", "dev-001", DeviceJobOutcome.updated(), now);
        // dev-002 was in flight when the previous run stopped.
        JobRunner runner = runner(store, List.of("never", "selected", "again"), 1000, Set.of());
        new JobRun("twin-job", runner).run();

        assertEquals(JobStatus.COMPLETED, store.status());
        assertEquals(List.of("dev-002", "dev-003", "dev-004"), patched);
        assertEquals(new JobStatistics(5, 0, 5, 0, 0), store.statistics("twin-job"));
    }
}
