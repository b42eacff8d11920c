package org.openiothub.registry.io;

import java.util.Locale;

/** Where an import or export job is, with IoT Hub's JSON names. */
public enum JobStatus {
    ENQUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Enqueued and running jobs count against the limit of one job at a time. */
    public boolean active() {
        return this == ENQUEUED || this == RUNNING;
    }
}
