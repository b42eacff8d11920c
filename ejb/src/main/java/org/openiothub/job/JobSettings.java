package org.openiothub.job;

import java.time.Duration;

import org.openiothub.config.HubConfig;

/**
 * How scheduled jobs run. The defaults are IoT Hub S1's for one unit: 10 device operations per second across all
 * jobs and one job running at a time. They are kept although a self-hosted hub could go faster because code
 * written for IoT Hub (polling intervals, time-outs sized from fleet size / rate) then behaves the same here; an
 * operator with a large fleet raises {@code hub.jobs.device-rate} (the S3 rate is 50 per unit) and
 * {@code hub.jobs.max-running}. At 10 per second a job over a handful of devices still ends within a second.
 *
 * @param deviceRate         device operations per second, all running jobs together
 * @param maxRunning         jobs running at once; due jobs beyond it wait as {@code queued}
 * @param maxCallsInFlight   direct method calls or twin updates one job waits on at once
 * @param history            how long a job is kept after it was created, once it has ended
 */
public record JobSettings(double deviceRate, int maxRunning, int maxCallsInFlight, Duration history) {

    /** @throws IllegalArgumentException for a rate, count or history that is not positive */
    public JobSettings {
        if (!(deviceRate > 0)) {
            throw new IllegalArgumentException("The jobs device rate must be positive, not " + deviceRate);
        }
        if (maxRunning < 1) {
            throw new IllegalArgumentException("At least one job must be allowed to run, not " + maxRunning);
        }
        if (maxCallsInFlight < 1) {
            throw new IllegalArgumentException("At least one method call must be allowed in flight, not " + maxCallsInFlight);
        }
        if (history.isNegative() || history.isZero()) {
            throw new IllegalArgumentException("The job history must be positive, not " + history);
        }
    }

    public static JobSettings from(HubConfig config) {
        return new JobSettings(config.jobsDeviceRate(), config.jobsMaxRunning(), config.jobsMaxCallsInFlight(),
                config.jobsHistory());
    }

    /** Devices a runner takes at a time: about a second's worth, so a cancel is seen within about a second. */
    public int batchSize() {
        return (int) Math.max(1, Math.min(100, Math.ceil(deviceRate)));
    }
}
