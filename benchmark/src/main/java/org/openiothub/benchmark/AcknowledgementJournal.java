package org.openiothub.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one crash-test round saw the hub acknowledge before it was killed, and what devices and the events reader
 * received before and after the restart; {@link #verify} then says what the restarted hub lost. Safe from any
 * thread.
 */
final class AcknowledgementJournal {

    private static final Pattern JOB_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    private final Map<OperationKind, LongAdder> acknowledged = new EnumMap<>(OperationKind.class);
    private final Map<String, String> createdDevices = new ConcurrentHashMap<>();
    private final Set<String> importedDevices = ConcurrentHashMap.newKeySet();
    private final Map<TwinValue, Map<String, Long>> twinValues = new EnumMap<>(TwinValue.class);
    /** Message id to device id. */
    private final Map<String, String> cloudToDevice = new ConcurrentHashMap<>();
    private final Set<String> cloudToDeviceReceived = ConcurrentHashMap.newKeySet();
    private final Set<String> telemetry = ConcurrentHashMap.newKeySet();
    private final Set<String> telemetryRead = ConcurrentHashMap.newKeySet();
    private final Set<String> jobs = ConcurrentHashMap.newKeySet();
    private final Queue<String> serverErrors = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    AcknowledgementJournal() {
        for (OperationKind kind : OperationKind.values()) {
            acknowledged.put(kind, new LongAdder());
        }
        for (TwinValue value : TwinValue.values()) {
            twinValues.put(value, new ConcurrentHashMap<>());
        }
    }

    /** {@code PUT /devices/{id}} answered 200 with this key. */
    void deviceCreated(String deviceId, String primaryKey) {
        createdDevices.put(deviceId, primaryKey);
        acknowledged.get(OperationKind.DEVICE_CREATE).increment();
    }

    /** A bulk registry operation answered 200: every device in it was applied. */
    void devicesImported(Collection<String> deviceIds) {
        importedDevices.addAll(deviceIds);
        acknowledged.get(OperationKind.DEVICE_IMPORT).add(deviceIds.size());
    }

    /** A patch setting {@code value} to {@code number} was acknowledged; the highest number per device is kept. */
    void twinPatched(TwinValue value, String deviceId, long number) {
        twinValues.get(value).merge(deviceId, number, Math::max);
        acknowledged.get(value.kind).increment();
    }

    /** {@code POST /devices/{id}/messages/deviceBound} answered 204. */
    void cloudToDeviceSent(String deviceId, String messageId) {
        cloudToDevice.put(messageId, deviceId);
        acknowledged.get(OperationKind.CLOUD_TO_DEVICE).increment();
    }

    /** A device received the message, before the crash or after the restart; again is fine. */
    void cloudToDeviceReceived(String messageId) {
        cloudToDeviceReceived.add(messageId);
    }

    /** The hub sent a PUBACK for this telemetry message. */
    void telemetryAcknowledged(String messageId) {
        telemetry.add(messageId);
        acknowledged.get(OperationKind.TELEMETRY).increment();
    }

    /** The events endpoint delivered this message, before the crash or after the restart; again is fine. */
    void telemetryRead(String messageId) {
        telemetryRead.add(messageId);
    }

    /** {@code PUT /jobs/v2/{id}} of a job scheduled for later answered 200. */
    void jobCreated(String jobId) {
        jobs.add(jobId);
        acknowledged.get(OperationKind.JOB_CREATE).increment();
    }

    /** A request answered 5xx, e.g. {@code PATCH /twins/d1 answered 500: ...}. */
    void serverError(String what) {
        serverErrors.add(what);
    }

    /** A request refused with a 4xx, tallied by kind: a load that is refused tests nothing. */
    void refused(String kind) {
        refusals.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    Map<String, String> createdDevices() {
        return Map.copyOf(createdDevices);
    }

    Set<String> importedDevices() {
        return Set.copyOf(importedDevices);
    }

    /** The devices whose twin a round patched. */
    Set<String> patchedTwins() {
        Set<String> devices = new TreeSet<>();
        twinValues.values().forEach(values -> devices.addAll(values.keySet()));
        return devices;
    }

    Set<String> jobs() {
        return Set.copyOf(jobs);
    }

    /** Cloud-to-device messages acknowledged and not received by their device so far. */
    Set<String> cloudToDeviceUndelivered() {
        Set<String> waiting = new TreeSet<>(cloudToDevice.keySet());
        waiting.removeAll(cloudToDeviceReceived);
        return waiting;
    }

    /** Telemetry acknowledged and not read from the events endpoint so far. */
    Set<String> telemetryUnread() {
        Set<String> waiting = new TreeSet<>(telemetry);
        waiting.removeAll(telemetryRead);
        return waiting;
    }

    /** @return e.g. {@code 3 x POST /devices/{id}/messages/deviceBound 403} */
    Map<String, Long> refusals() {
        Map<String, Long> counts = new TreeMap<>();
        refusals.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    /**
     * Compares what was acknowledged with what the restarted hub answers: a created device must read 200 with the
     * same key and that key must open an MQTT connection; an imported device must read 200; a twin value must be at
     * least the last one acknowledged; a cloud-to-device message must have reached its device and a telemetry message
     * the events reader; a job must read 200 and still be {@code scheduled}. Reads answered 5xx count as server
     * errors beside those of the load.
     */
    RoundVerdict verify(StateAfterRestart state) {
        Map<OperationKind, List<String>> lost = new EnumMap<>(OperationKind.class);
        List<String> errors = new ArrayList<>(serverErrors);
        new TreeMap<>(createdDevices).forEach((deviceId, key) -> {
            ServiceReply reply = reply(state.devices(), deviceId);
            if (reply.status() != 200) {
                lose(lost, OperationKind.DEVICE_CREATE, deviceId + ": GET /devices answered " + reply.status());
            } else if (!DeviceProvisioner.primaryKeyOf(reply.body()).equals(Optional.of(key))) {
                lose(lost, OperationKind.DEVICE_CREATE, deviceId + ": primary key differs from the acknowledged one");
            } else if (!state.keysAccepted().contains(deviceId)) {
                lose(lost, OperationKind.DEVICE_CREATE, deviceId + ": key refused over MQTT");
            }
        });
        for (String deviceId : new TreeSet<>(importedDevices)) {
            ServiceReply reply = reply(state.devices(), deviceId);
            if (reply.status() != 200) {
                lose(lost, OperationKind.DEVICE_IMPORT, deviceId + ": GET /devices answered " + reply.status());
            }
        }
        for (TwinValue value : TwinValue.values()) {
            new TreeMap<>(twinValues.get(value)).forEach((deviceId, number) -> {
                ServiceReply reply = reply(state.twins(), deviceId);
                Optional<Long> stored = reply.status() == 200 ? value.readFrom(reply.body()) : Optional.empty();
                if (reply.status() != 200) {
                    lose(lost, value.kind, deviceId + ": GET /twins answered " + reply.status());
                } else if (stored.isEmpty() || stored.get() < number) {
                    lose(lost, value.kind, deviceId + ": " + value.key + " " + stored.map(String::valueOf).orElse("absent")
                            + ", " + number + " acknowledged");
                }
            });
        }
        for (String messageId : cloudToDeviceUndelivered()) {
            lose(lost, OperationKind.CLOUD_TO_DEVICE, messageId + " to " + cloudToDevice.get(messageId) + ": never delivered");
        }
        for (String messageId : telemetryUnread()) {
            lose(lost, OperationKind.TELEMETRY, messageId + ": not read from the events endpoint");
        }
        for (String jobId : new TreeSet<>(jobs)) {
            ServiceReply reply = reply(state.jobs(), jobId);
            Matcher status = JOB_STATUS.matcher(reply.body());
            if (reply.status() != 200) {
                lose(lost, OperationKind.JOB_CREATE, jobId + ": GET /jobs/v2 answered " + reply.status());
            } else if (!status.find() || !status.group(1).equals("scheduled")) {
                lose(lost, OperationKind.JOB_CREATE, jobId + ": no longer scheduled");
            }
        }
        serverErrorsOf("GET /devices/", state.devices(), errors);
        serverErrorsOf("GET /twins/", state.twins(), errors);
        serverErrorsOf("GET /jobs/v2/", state.jobs(), errors);
        Map<OperationKind, Long> counts = new EnumMap<>(OperationKind.class);
        acknowledged.forEach((kind, count) -> counts.put(kind, count.sum()));
        return new RoundVerdict(counts, lost, errors);
    }

    private static ServiceReply reply(Map<String, ServiceReply> replies, String id) {
        return replies.getOrDefault(id, new ServiceReply(0, "not read"));
    }

    private static void lose(Map<OperationKind, List<String>> lost, OperationKind kind, String what) {
        lost.computeIfAbsent(kind, k -> new ArrayList<>()).add(what);
    }

    private static void serverErrorsOf(String request, Map<String, ServiceReply> replies, List<String> errors) {
        new TreeMap<>(replies).forEach((id, reply) -> {
            if (reply.status() >= 500) {
                errors.add(request + id + " answered " + reply.status() + ": " + DeviceProvisioner.abbreviate(reply.body()));
            }
        });
    }
}
