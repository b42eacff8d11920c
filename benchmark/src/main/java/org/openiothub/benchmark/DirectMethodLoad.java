package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code methods}: the back end invokes a direct method over HTTPS; each device, subscribed to
 * {@code $iothub/methods/POST/#}, answers at once with status 200 and a small JSON body. Measured at the caller:
 * request sent to response received. A call counts as completed on HTTP 200 carrying the device's status 200.
 */
final class DirectMethodLoad extends PacedServiceLoad {

    static final String METHOD_NAME = "benchmark";
    private static final String REQUEST_PREFIX = "$iothub/methods/POST/";
    private static final byte[] ANSWER = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder answered = new LongAdder();
    private final DeviceInbox inbox = this::answer;

    DirectMethodLoad(HubLoadOptions options, ServiceApiClient api, TelemetryStats stats) {
        super(options, api, stats);
    }

    @Override
    public String title() {
        return "methods: direct-method calls over HTTPS answered by MQTT devices";
    }

    @Override
    public String latencyName() {
        return "round trip";
    }

    @Override
    public List<String> subscriptions(String deviceId) {
        return List.of("$iothub/methods/POST/#");
    }

    @Override
    public DeviceInbox inbox(String deviceId) {
        return inbox;
    }

    @Override
    CompletableFuture<?> issue(long seq, String deviceId) {
        stats.sent.increment();
        long sentAt = System.nanoTime();
        return api.invokeMethod(deviceId, METHOD_NAME, "{\"seq\":" + seq + "}", options.timeoutSeconds())
                .whenComplete((response, failure) -> {
                    long now = System.nanoTime();
                    if (failure == null && response.status() == 200 && deviceStatusIs200(response.body())) {
                        latency.recordNanos(now - sentAt);
                        stats.acked.increment();
                    } else {
                        failed(response, failure);
                    }
                });
    }

    /**
     * Whether the hub's {@code {"status":<n>,"payload":..}} carries the device's status 200; whitespace allowed
     * around the colon. The first {@code "status"} member is taken: the hub writes it before the payload.
     */
    static boolean deviceStatusIs200(String body) {
        int at = body.indexOf("\"status\"");
        if (at < 0) {
            return false;
        }
        int i = skipWhitespace(body, at + 8);
        if (i >= body.length() || body.charAt(i) != ':') {
            return false;
        }
        i = skipWhitespace(body, i + 1);
        return body.startsWith("200", i) && (i + 3 == body.length() || !Character.isDigit(body.charAt(i + 3)));
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private void answer(MqttDeviceClient device, String topic, io.netty.buffer.ByteBuf payload) {
        int rid = topic.indexOf("?$rid=");
        if (!topic.startsWith(REQUEST_PREFIX) || rid < 0) {
            stats.error("device: unexpected publish on " + topic.split("\\?")[0]);
            return;
        }
        int end = topic.indexOf('&', rid);
        String requestId = topic.substring(rid + 6, end < 0 ? topic.length() : end);
        answered.increment();
        device.send("$iothub/methods/res/200/?$rid=" + requestId, ANSWER);
    }

    @Override
    public LatencyRecorder latency() {
        return latency;
    }

    @Override
    public LatencyRecorder serviceLatency() {
        return null;
    }

    /** Requests devices answered, over the whole run. */
    long answered() {
        return answered.sum();
    }

    @Override
    public String details() {
        return "devices answered " + answered.sum() + " requests in the whole run";
    }
}
