package org.openiothub.job;

/**
 * Paces device operations at a fixed rate, shared by all running jobs: each operation is given the next free
 * slot, one interval after the previous one, and waits for it. Idle time is not saved up, so a job never bursts
 * above the rate. Thread-safe.
 */
public final class DeviceOperationThrottle {

    private final long intervalNanos;
    private long nextSlot = Long.MIN_VALUE;

    /** @param perSecond operations per second, more than zero */
    public DeviceOperationThrottle(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("The rate must be positive, not " + perSecond);
        }
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
    }

    /**
     * Takes the next slot.
     *
     * @param nowNanos a monotonic time ({@link System#nanoTime()})
     * @return how long to wait, in nanoseconds, before the operation may run; 0 when at once
     */
    public synchronized long reserve(long nowNanos) {
        long slot = nextSlot == Long.MIN_VALUE || nextSlot - nowNanos < 0 ? nowNanos : nextSlot;
        nextSlot = slot + intervalNanos;
        return slot - nowNanos;
    }
}
