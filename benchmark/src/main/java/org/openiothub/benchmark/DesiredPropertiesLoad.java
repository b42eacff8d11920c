package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;

/**
 * {@code twin-desired}: the back end PATCHes {@code /twins/{id}} with a desired property holding a sequence
 * number; each device, subscribed to {@code $iothub/twin/PATCH/properties/desired/#}, reads the number from the
 * notification. Measured: PATCH sent to notification received (same process, one monotonic clock).
 */
final class DesiredPropertiesLoad extends PacedServiceLoad {

    private static final String NOTIFICATION_PREFIX = "$iothub/twin/PATCH/properties/desired/";
    private static final Pattern SEQ = Pattern.compile("\"benchmarkSeq\"\\s*:\\s*(\\d+)");

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder serviceLatency = new LatencyRecorder();
    /** Send time by sequence number, until the notification arrives. */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    private final LongAdder notifications = new LongAdder();
    private final DeviceInbox inbox = this::notified;

    DesiredPropertiesLoad(HubLoadOptions options, ServiceApiClient api, TelemetryStats stats) {
        super(options, api, stats);
    }

    @Override
    public String title() {
        return "twin-desired: desired-property PATCH over HTTPS to MQTT notification";
    }

    @Override
    public String latencyName() {
        return "PATCH->notified";
    }

    @Override
    public List<String> subscriptions(String deviceId) {
        return List.of("$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/#");
    }

    @Override
    public DeviceInbox inbox(String deviceId) {
        return inbox;
    }

    @Override
    CompletableFuture<?> issue(long seq, String deviceId) {
        stats.sent.increment();
        long sentAt = System.nanoTime();
        pending.put(seq, sentAt);
        return api.patchDesired(deviceId, "{\"benchmarkSeq\":" + seq + "}")
                .whenComplete((response, failure) -> {
                    if (failure == null && response.status() == 200) {
                        serviceLatency.recordNanos(System.nanoTime() - sentAt);
                    } else if (pending.remove(seq) != null) {
                        failed(response, failure);
                    }
                });
    }

    private void notified(MqttDeviceClient device, String topic, ByteBuf payload) {
        long now = System.nanoTime();
        if (!topic.startsWith(NOTIFICATION_PREFIX)) {
            stats.error("device: unexpected publish on " + topic.split("\\?")[0]);
            return;
        }
        notifications.increment();
        Matcher matcher = SEQ.matcher(payload.toString(StandardCharsets.UTF_8));
        Long sentAt = matcher.find() ? pending.remove(Long.parseLong(matcher.group(1))) : null;
        if (sentAt == null) {
            stats.error("device: notification for no outstanding patch");
            return;
        }
        latency.recordNanos(now - sentAt);
        stats.acked.increment();
    }

    @Override
    public LatencyRecorder latency() {
        return latency;
    }

    @Override
    public LatencyRecorder serviceLatency() {
        return serviceLatency;
    }

    /** Patches sent (and not refused) whose notification no device has received yet. */
    long unnotified() {
        return pending.size();
    }

    @Override
    public String details() {
        return "devices received " + notifications.sum() + " notifications; " + pending.size()
                + " patches never notified";
    }
}
