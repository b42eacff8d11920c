package org.openiothub.job;

import java.util.Locale;

/**
 * Where one device is in a job ({@code devices.jobs.status}): {@code pending} until its turn, {@code running} while
 * its operation is in flight, then {@code completed}, {@code failed} or {@code cancelled} (the job was cancelled
 * before its turn).
 */
public enum DeviceJobStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
