package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The back end's half of a crash-test round: closed loops of service API writes, each loop one request at a time,
 * recording in the round's journal what the hub acknowledged. One loop per fleet device patches its desired
 * properties, patches its tags and sends it a cloud-to-device message, in turn (one at a time per device, so that
 * the values acknowledged rise in the order the hub applies them); one loop registers new devices, every tenth time
 * five at once by a bulk operation; one loop creates jobs scheduled for the next day. The fleet's MQTT half is
 * {@link CrashTestDevice}.
 */
final class CrashLoad {

    private static final int IMPORT_EVERY = 10;
    private static final int IMPORT_SIZE = 5;
    /** Pause of a loop after a request that got no answer, e.g. while the hub is down. */
    private static final long RETRY_MILLIS = 50;

    private final ServiceApiClient api;
    private final AcknowledgementJournal journal;
    private final List<CrashTestDevice> fleet;
    private final String prefix;
    private final Set<OperationKind> kinds;
    private final List<CompletableFuture<Void>> loops = new ArrayList<>();
    private volatile boolean running;
    private int registered;
    private int imports;
    private int jobsCreated;

    /**
     * @param round names what this round creates, {@code crash-r<round>-...}, apart from earlier rounds'
     * @param kinds the operations to load the hub with; those of devices over MQTT are not this class's
     */
    CrashLoad(ServiceApiClient api, AcknowledgementJournal journal, List<CrashTestDevice> fleet, int round,
            Set<OperationKind> kinds) {
        this.api = api;
        this.journal = journal;
        this.fleet = List.copyOf(fleet);
        this.prefix = "crash-r" + round + "-";
        this.kinds = Set.copyOf(kinds);
    }

    void start() {
        running = true;
        for (CrashTestDevice device : fleet) {
            List<IntFunction<CompletableFuture<Boolean>>> steps = new ArrayList<>();
            if (kinds.contains(OperationKind.DESIRED_PATCH)) {
                steps.add(turn -> patch(device, TwinValue.DESIRED));
            }
            if (kinds.contains(OperationKind.TAG_PATCH)) {
                steps.add(turn -> patch(device, TwinValue.TAG));
            }
            if (kinds.contains(OperationKind.CLOUD_TO_DEVICE)) {
                steps.add(turn -> sendCloudToDevice(device, turn));
            }
            if (!steps.isEmpty()) {
                int[] turn = {0};
                loops.add(loop(() -> steps.get(turn[0] % steps.size()).apply(turn[0]++)));
            }
        }
        if (kinds.contains(OperationKind.DEVICE_CREATE) || kinds.contains(OperationKind.DEVICE_IMPORT)) {
            loops.add(loop(this::register));
        }
        if (kinds.contains(OperationKind.JOB_CREATE)) {
            loops.add(loop(this::createJob));
        }
    }

    /**
     * Stops every loop and waits until each has its last answer, or until the request time-out has passed.
     *
     * @param timeout how long a request may wait for its answer
     */
    void stop(long timeout, TimeUnit unit) throws InterruptedException {
        running = false;
        try {
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(timeout, unit);
        } catch (TimeoutException | ExecutionException e) {
            // A request still unanswered is not acknowledged: nothing to record.
        }
    }

    private CompletableFuture<Void> loop(Supplier<CompletableFuture<Boolean>> step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        next(step, done);
        return done;
    }

    /** Runs the step, then the next one on another thread, so that quick failures do not deepen the stack. */
    private void next(Supplier<CompletableFuture<Boolean>> step, CompletableFuture<Void> done) {
        if (!running) {
            done.complete(null);
            return;
        }
        step.get().whenComplete((answered, failure) -> {
            boolean pause = failure != null || !answered;
            Executor executor = pause ? CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS)
                    : ForkJoinPool.commonPool();
            executor.execute(() -> next(step, done));
        });
    }

    private CompletableFuture<Boolean> patch(CrashTestDevice device, TwinValue value) {
        long number = device.nextValue(value);
        String what = "PATCH /twins/" + device.deviceId() + " " + value.key;
        CompletableFuture<ServiceReply> reply = value == TwinValue.DESIRED
                ? api.patchDesired(device.deviceId(), value.patch(number))
                : api.patchTags(device.deviceId(), value.patch(number));
        return settle(reply, what, 200, ok -> journal.twinPatched(value, device.deviceId(), number));
    }

    private CompletableFuture<Boolean> sendCloudToDevice(CrashTestDevice device, int sequence) {
        String messageId = prefix + device.deviceId() + "-m" + sequence;
        return settle(api.sendCloudToDevice(device.deviceId(), messageId, messageId.getBytes(StandardCharsets.UTF_8)),
                "POST /devices/" + device.deviceId() + "/messages/deviceBound", 204,
                ok -> journal.cloudToDeviceSent(device.deviceId(), messageId));
    }

    private CompletableFuture<Boolean> register() {
        registered++;
        boolean importNow = !kinds.contains(OperationKind.DEVICE_CREATE)
                || kinds.contains(OperationKind.DEVICE_IMPORT) && registered % IMPORT_EVERY == 0;
        if (importNow) {
            List<String> ids = new ArrayList<>();
            int batch = ++imports;
            for (int i = 1; i <= IMPORT_SIZE; i++) {
                ids.add(prefix + "i" + batch + "-" + i);
            }
            return settle(api.importDevices(ids), "POST /devices (bulk)", 200, reply -> {
                if (reply.body().contains("\"isSuccessful\":true")) {
                    journal.devicesImported(ids);
                }
            });
        }
        String deviceId = prefix + "d" + registered;
        return settle(api.createDevice(deviceId), "PUT /devices/" + deviceId, 200, reply ->
                DeviceProvisioner.primaryKeyOf(reply.body()).ifPresentOrElse(
                        key -> journal.deviceCreated(deviceId, key),
                        () -> journal.refused("PUT /devices without a primary key in its answer")));
    }

    private CompletableFuture<Boolean> createJob() {
        String jobId = prefix + "j" + ++jobsCreated;
        String deviceId = fleet.get(jobsCreated % fleet.size()).deviceId();
        String job = "{\"jobId\":\"" + jobId + "\",\"type\":\"scheduleUpdateTwin\",\"queryCondition\":\"deviceId = '"
                + deviceId + "'\",\"updateTwin\":{\"etag\":\"*\",\"tags\":{\"crashJob\":\"" + jobId + "\"}},"
                + "\"startTime\":\"" + Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"maxExecutionTimeInSeconds\":0}";
        return settle(api.createJob(jobId, job), "PUT /jobs/v2/" + jobId, 200, ok -> journal.jobCreated(jobId));
    }

    /**
     * Records the answer: the expected status is an acknowledgement, a 5xx a server error, anything else a refusal.
     *
     * @return completes with whether an answer came
     */
    private CompletableFuture<Boolean> settle(CompletableFuture<ServiceReply> reply, String what, int expected,
            Consumer<ServiceReply> acknowledged) {
        return reply.handle((answer, failure) -> {
            if (failure != null) {
                return false;
            }
            if (answer.status() == expected) {
                acknowledged.accept(answer);
            } else if (answer.status() >= 500) {
                journal.serverError(what + " answered " + answer.status() + ": "
                        + DeviceProvisioner.abbreviate(answer.body()));
            } else {
                journal.refused(what.replaceAll("/[^/ ]*crash[^/ ]*", "/{id}") + " " + answer.status());
            }
            return true;
        });
    }
}
