package org.openiothub.job;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a scheduled job is in its life: {@code scheduled} until its start time, {@code queued} while it waits for a
 * free run slot, {@code running}, then one of the final states. Final states never change.
 */
public enum JobStatus {
    SCHEDULED,
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The statuses a job may still leave; the ones a cancel applies to. */
    public static final Set<JobStatus> ACTIVE = EnumSet.of(SCHEDULED, QUEUED, RUNNING);

    /** As IoT Hub writes it, e.g. {@code running}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinal() {
        return !ACTIVE.contains(this);
    }

    /**
     * Whether a job in this status may move to {@code next}: forward only (scheduled, queued, running, final), a
     * running job back to queued never, and any active job to cancelled.
     */
    public boolean canBecome(JobStatus next) {
        if (isFinal() || next == this) {
            return false;
        }
        return switch (next) {
            case SCHEDULED -> false;
            case QUEUED -> this == SCHEDULED;
            case RUNNING -> this == SCHEDULED || this == QUEUED;
            case COMPLETED -> this == RUNNING;
            case FAILED, CANCELLED -> true;
        };
    }

    /** @return empty for {@code null} or an unknown name; any case */
    public static Optional<JobStatus> ofWireName(String name) {
        return Stream.of(values()).filter(status -> status.wireName().equalsIgnoreCase(name)).findFirst();
    }
}
