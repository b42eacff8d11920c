package org.openiothub.job;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The job store in memory, for running {@link JobRun} without a database. One job; thread-safe. */
class InMemoryScheduledJobs extends JpaScheduledJobs {

    final ScheduledJob job;
    private final Map<String, DeviceJob> devices = new TreeMap<>();
    private String owner;

    InMemoryScheduledJobs(ScheduledJob job, String owner) {
        this.job = job;
        this.owner = owner;
        set("status", JobStatus.RUNNING);
    }

    synchronized JobStatus status() {
        return job.status();
    }

    synchronized DeviceJob device(String deviceId) {
        return devices.get(deviceId);
    }

    synchronized List<DeviceJob> devices() {
        return new ArrayList<>(devices.values());
    }

    @Override
    public synchronized Optional<ScheduledJob> find(String jobId) {
        return Optional.of(job);
    }

    @Override
    public synchronized JobStatistics statistics(String jobId) {
        Map<DeviceJobStatus, Long> counts = new EnumMap<>(DeviceJobStatus.class);
        devices.values().forEach(d -> counts.merge(d.status(), 1L, Long::sum));
        return JobStatistics.of(counts);
    }

    @Override
    public synchronized boolean cancel(String jobId, Instant now) {
        if (job.status().isFinal()) {
            return false;
        }
        set("status", JobStatus.CANCELLED);
        endDevices(jobId, List.of(DeviceJobStatus.PENDING), DeviceJobOutcome.cancelled(), now);
        return true;
    }

    @Override
    public synchronized boolean renew(String jobId, String owner, Instant leaseUntil) {
        return job.status() == JobStatus.RUNNING && owner.equals(this.owner);
    }

    @Override
    public synchronized boolean finish(String jobId, String owner, JobStatus status, String failureReason, Instant now) {
        if (job.status() != JobStatus.RUNNING || !owner.equals(this.owner)) {
            return false;
        }
        set("status", status);
        set("endTime", now);
        return true;
    }

    @Override
    public synchronized void forgetDevices(String jobId) {
        devices.clear();
    }

    @Override
    public synchronized void addDevices(String jobId, Collection<String> deviceIds, Instant now) {
        deviceIds.forEach(id -> devices.put(id, new DeviceJob(jobId, id, now)));
    }

    @Override
    public synchronized void devicesResolved(String jobId, Instant now) {
        set("devicesResolved", true);
        set("runStartedTime", now);
    }

    @Override
    public synchronized int requeueInterrupted(String jobId) {
        int count = 0;
        for (Map.Entry<String, DeviceJob> entry : devices.entrySet()) {
            if (entry.getValue().status() == DeviceJobStatus.RUNNING) {
                entry.setValue(new DeviceJob(jobId, entry.getKey(), entry.getValue().createdTime()));
                count++;
            }
        }
        return count;
    }

    @Override
    public synchronized List<String> startNext(String jobId, int max, Instant now) {
        List<String> next = devices.values().stream().filter(d -> d.status() == DeviceJobStatus.PENDING)
                .limit(max).map(DeviceJob::deviceId).toList();
        next.forEach(id -> devices.get(id).started(now));
        return next;
    }

    @Override
    public synchronized void record(String jobId, String deviceId, DeviceJobOutcome outcome, Instant now) {
        DeviceJob device = devices.get(deviceId);
        if (device != null && device.status() == DeviceJobStatus.RUNNING) {
            device.ended(outcome, now);
        }
    }

    @Override
    public synchronized int endDevices(String jobId, Collection<DeviceJobStatus> statuses, DeviceJobOutcome outcome, Instant now) {
        List<DeviceJob> ending = devices.values().stream().filter(d -> statuses.contains(d.status())).toList();
        ending.forEach(d -> d.ended(outcome, now));
        return ending.size();
    }

    @Override
    public synchronized void endRunning(String jobId, Collection<String> deviceIds, DeviceJobOutcome outcome, Instant now) {
        deviceIds.stream().map(devices::get)
                .filter(d -> d != null && d.status() == DeviceJobStatus.RUNNING)
                .forEach(d -> d.ended(outcome, now));
    }

    @Override
    public synchronized void requeue(String jobId, Collection<String> deviceIds) {
        deviceIds.forEach(id -> {
            DeviceJob device = devices.get(id);
            if (device != null && device.status() == DeviceJobStatus.RUNNING) {
                devices.put(id, new DeviceJob(jobId, id, device.createdTime()));
            }
        });
    }

    /** Another node claimed the job. */
    synchronized void takenOverBy(String node) {
        owner = node;
    }

    /** The entity's state is written by the database's updates in production; here by hand. */
    synchronized void set(String field, Object value) {
        try {
            Field f = ScheduledJob.class.getDeclaredField(field);
            f.setAccessible(true);
            f.set(job, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
