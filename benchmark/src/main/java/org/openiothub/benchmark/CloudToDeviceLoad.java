package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;

/**
 * {@code c2d}: the back end sends cloud-to-device messages over HTTPS (or AMQP, on one connection), the message id
 * holding a sequence number;
 * each device, subscribed to {@code devices/{id}/messages/devicebound/#}, receives them at QoS 1 and PUBACKs
 * (completing them). Measured: POST (or AMQP transfer) sent to PUBLISH received; the service latency is the POST's
 * answer, or the transfer's acceptance.
 */
final class CloudToDeviceLoad extends PacedServiceLoad {

    private static final String MESSAGE_ID_PREFIX = "bench-";
    private static final Pattern MESSAGE_ID = Pattern.compile("%24\\.mid=" + MESSAGE_ID_PREFIX + "(\\d+)");
    private static final byte[] BODY = "{\"command\":\"benchmark\"}".getBytes(StandardCharsets.UTF_8);

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder serviceLatency = new LatencyRecorder();
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    private final DeviceInbox inbox = this::delivered;

    private final AmqpCloudToDeviceSender amqp;

    /** @param amqp the back end's AMQP sender; {@code null} to send over HTTPS */
    CloudToDeviceLoad(HubLoadOptions options, ServiceApiClient api, TelemetryStats stats,
            AmqpCloudToDeviceSender amqp) {
        super(options, api, stats);
        this.amqp = amqp;
    }

    @Override
    public String title() {
        return "c2d: cloud-to-device messages over " + (amqp == null ? "HTTPS" : "AMQP")
                + " delivered at QoS 1 over MQTT";
    }

    @Override
    public String latencyName() {
        return amqp == null ? "POST->delivered" : "send->delivered";
    }

    @Override
    public String serviceLatencyName() {
        return amqp == null ? super.serviceLatencyName() : "AMQP accepted";
    }

    @Override
    public String load() {
        return amqp == null ? super.load() : String.format(Locale.ROOT, "%d messages/s open loop on one AMQP"
                + " connection, round robin over the devices, at most %d unsettled", options.rate(),
                options.maxOutstanding());
    }

    @Override
    public List<String> subscriptions(String deviceId) {
        return List.of("devices/" + deviceId + "/messages/devicebound/#");
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
        if (amqp != null) {
            return amqp.send(deviceId, MESSAGE_ID_PREFIX + seq, BODY).whenComplete((accepted, failure) -> {
                if (failure == null) {
                    serviceLatency.recordNanos(System.nanoTime() - sentAt);
                } else if (pending.remove(seq) != null) {
                    stats.lost.increment();
                    stats.error("AMQP send: " + failure.getMessage());
                }
            });
        }
        return api.sendCloudToDevice(deviceId, MESSAGE_ID_PREFIX + seq, BODY)
                .whenComplete((response, failure) -> {
                    if (failure == null && response.status() == 204) {
                        serviceLatency.recordNanos(System.nanoTime() - sentAt);
                    } else if (pending.remove(seq) != null) {
                        failed(response, failure);
                    }
                });
    }

    private void delivered(MqttDeviceClient device, String topic, ByteBuf payload) {
        long now = System.nanoTime();
        received.increment();
        Matcher matcher = MESSAGE_ID.matcher(topic);
        Long sentAt = matcher.find() ? pending.remove(Long.parseLong(matcher.group(1))) : null;
        if (sentAt == null) {
            // Its POST timed out although the hub had queued it, or a redelivery after a lost PUBACK.
            stats.error("device: message not outstanding (its POST had failed, or a redelivery)");
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

    /** Messages the hub accepted (204) and no device has received yet. */
    long undelivered() {
        return pending.size();
    }

    /** Messages devices received, redeliveries included. */
    long received() {
        return received.sum();
    }

    @Override
    public String details() {
        return "devices received " + received.sum() + " messages; " + pending.size() + " sent and never delivered";
    }
}
