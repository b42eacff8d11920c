package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;

/**
 * {@code twin-reported}: every device keeps {@code window} reported-property patches
 * ({@code $iothub/twin/PATCH/properties/reported/?$rid=n}) unanswered and sends the next as each answer arrives on
 * {@code $iothub/twin/res/#} (closed loop). Counted: 204 answers per second; latency is PUBLISH to answer.
 */
final class ReportedPropertiesLoad implements HubWorkload {

    private static final String PATCH_PREFIX = "$iothub/twin/PATCH/properties/reported/?$rid=";
    private static final String RESPONSE_PREFIX = "$iothub/twin/res/";

    private final HubLoadOptions options;
    private final TelemetryStats stats;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final boolean closedLoop;
    private volatile boolean running;

    ReportedPropertiesLoad(HubLoadOptions options, TelemetryStats stats) {
        this(options, stats, true);
    }

    /**
     * @param closedLoop false: a patch goes only when {@link #patchOne} asks for it, so that a caller paces them;
     *                   {@link #start} then sends nothing
     */
    ReportedPropertiesLoad(HubLoadOptions options, TelemetryStats stats, boolean closedLoop) {
        this.options = options;
        this.stats = stats;
        this.closedLoop = closedLoop;
    }

    /**
     * Sends one patch from {@code device} unless {@code window} patches are unanswered; call on the device's
     * event loop ({@link MqttDeviceClient#execute}).
     *
     * @param patcher the inbox this load gave the device's current connection
     */
    void patchOne(MqttDeviceClient device, DeviceInbox patcher) {
        if (running) {
            ((Patcher) patcher).sendOne(device);
        }
    }

    @Override
    public String title() {
        return "twin-reported: reported-property patches over MQTT answered 204";
    }

    @Override
    public String latencyName() {
        return "PATCH->204";
    }

    @Override
    public String load() {
        return "window " + options.window() + " unanswered patches per device, closed loop";
    }

    @Override
    public List<String> subscriptions(String deviceId) {
        return List.of("$iothub/twin/res/#");
    }

    @Override
    public DeviceInbox inbox(String deviceId) {
        return new Patcher();
    }

    @Override
    public void start(List<MqttDeviceClient> devices) {
        running = true;
        if (!closedLoop) {
            return;
        }
        for (MqttDeviceClient device : devices) {
            device.execute(() -> ((Patcher) device.inbox()).fill(device));
        }
    }

    @Override
    public void run(Duration phase) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(phase.toNanos());
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public LatencyRecorder latency() {
        return latency;
    }

    @Override
    public LatencyRecorder serviceLatency() {
        return null;
    }

    @Override
    public LatencyRecorder.Percentiles pacerLag() {
        return null;
    }

    @Override
    public String details() {
        return "";
    }

    /** One device's patches in flight, by request id; confined to the device's event loop. */
    private final class Patcher implements DeviceInbox {

        private final Map<Integer, Long> sentAt = new HashMap<>();
        private int nextRequestId = 1;

        void fill(MqttDeviceClient device) {
            while (running && sentAt.size() < options.window()) {
                if (!sendOne(device)) {
                    return;
                }
            }
        }

        /** @return false when the window is full or the connection is not open */
        boolean sendOne(MqttDeviceClient device) {
            if (sentAt.size() >= options.window()) {
                return false;
            }
            int requestId = nextRequestId++;
            byte[] body = ("{\"benchmark\":{\"seq\":" + requestId + ",\"temperature\":21.5}}")
                    .getBytes(StandardCharsets.UTF_8);
            if (!device.send(PATCH_PREFIX + requestId, body)) {
                return false;
            }
            sentAt.put(requestId, System.nanoTime());
            stats.sent.increment();
            return true;
        }

        @Override
        public void received(MqttDeviceClient device, String topic, ByteBuf payload) {
            long now = System.nanoTime();
            int rid = topic.indexOf("$rid=");
            if (!topic.startsWith(RESPONSE_PREFIX) || rid < 0) {
                stats.error("device: unexpected publish on " + topic.split("\\?")[0]);
                return;
            }
            int end = topic.indexOf('&', rid);
            Long sent;
            try {
                sent = sentAt.remove(Integer.parseInt(topic.substring(rid + 5, end < 0 ? topic.length() : end)));
            } catch (NumberFormatException e) {
                sent = null;
            }
            if (sent == null) {
                stats.error("device: answer for no outstanding request");
                return;
            }
            String status = topic.substring(RESPONSE_PREFIX.length(), topic.indexOf('/', RESPONSE_PREFIX.length()));
            if (status.equals("204")) {
                latency.recordNanos(now - sent);
                stats.acked.increment();
            } else {
                stats.lost.increment();
                stats.error("twin status " + status);
            }
            if (closedLoop) {
                fill(device);
            }
        }
    }
}
