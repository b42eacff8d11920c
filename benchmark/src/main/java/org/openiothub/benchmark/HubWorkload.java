package org.openiothub.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * What one device-driving benchmark does, run by {@link HubLoadBenchmark}: what each device subscribes to and
 * how it answers, and the load applied in a phase. Progress is counted in the run's {@link TelemetryStats}: sent
 * (work started), acked (work completed as expected), lost (work that failed; the reason is tallied as an error).
 */
interface HubWorkload {

    /** Heading of the result block, e.g. {@code direct methods: HTTPS call answered by an MQTT device}. */
    String title();

    /** What {@link #latency()} measures, at most 16 characters, e.g. {@code round trip}. */
    String latencyName();

    /** How the load is shaped, for the result block. */
    String load();

    /** The filters device {@code deviceId} subscribes to before it counts as connected. */
    List<String> subscriptions(String deviceId);

    DeviceInbox inbox(String deviceId);

    /** Called once with the connected devices, before the first phase. */
    void start(List<MqttDeviceClient> devices);

    /** Applies load for {@code phase}; returns when it has passed. */
    void run(Duration phase) throws InterruptedException;

    /** No new work after this; work in flight may still complete. */
    void stop();

    /** The headline latency, in the result block and the JSON line. */
    LatencyRecorder latency();

    /** The service API's request latency where it is not the headline; {@code null} otherwise. */
    LatencyRecorder serviceLatency();

    /** What {@link #serviceLatency()} measures, at most 16 characters. */
    default String serviceLatencyName() {
        return "HTTP answer";
    }

    /** How late the back end started requests against the open-loop schedule; {@code null} for device-driven load. */
    LatencyRecorder.Percentiles pacerLag();

    /** One extra line for the result block, e.g. what the devices saw; empty for none. */
    String details();
}
