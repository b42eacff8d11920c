package org.openiothub.job;

import java.util.Map;

/**
 * IoT Hub's {@code deviceJobStatistics}: the job's devices by where they are. The counts add up to
 * {@code deviceCount}; a device the job did not reach because it was cancelled counts as failed, as it did not
 * succeed.
 */
public record JobStatistics(int deviceCount, int failedCount, int succeededCount, int runningCount, int pendingCount) {

    public static final JobStatistics NONE = new JobStatistics(0, 0, 0, 0, 0);

    /** @param counts device jobs by status; missing statuses count 0 */
    public static JobStatistics of(Map<DeviceJobStatus, Long> counts) {
        int pending = count(counts, DeviceJobStatus.PENDING);
        int running = count(counts, DeviceJobStatus.RUNNING);
        int succeeded = count(counts, DeviceJobStatus.COMPLETED);
        int failed = count(counts, DeviceJobStatus.FAILED) + count(counts, DeviceJobStatus.CANCELLED);
        return new JobStatistics(pending + running + succeeded + failed, failed, succeeded, running, pending);
    }

    private static int count(Map<DeviceJobStatus, Long> counts, DeviceJobStatus status) {
        return counts.getOrDefault(status, 0L).intValue();
    }
}
