package org.openiothub.benchmark;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;

/**
 * One device of the crash test's fleet, across the hub's restarts. Over each connection it publishes numbered
 * telemetry (one message unacknowledged at a time) and a chain of reported-property patches, each sent when the
 * previous one is answered, with a value one higher; it takes cloud-to-device messages. What the hub acknowledges
 * and what arrives goes to the current round's {@link AcknowledgementJournal}. The back end's patches of this
 * device's twin take their rising values from here too, so they keep rising over the rounds.
 */
final class CrashTestDevice {

    private static final String PATCH_PREFIX = "$iothub/twin/PATCH/properties/reported/?$rid=";
    private static final String RESPONSE_PREFIX = "$iothub/twin/res/";
    private static final Pattern MESSAGE_ID = Pattern.compile("(?:%24|\\$)\\.mid=([^&/]*)");

    private final DeviceCredentials credentials;
    private final AtomicLong desired = new AtomicLong();
    private final AtomicLong tag = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile AcknowledgementJournal journal;
    private volatile MqttDeviceClient client;
    private volatile boolean loading;

    CrashTestDevice(DeviceCredentials credentials) {
        this.credentials = credentials;
    }

    String deviceId() {
        return credentials.deviceId();
    }

    /** Where acknowledgements and receipts go from now on. */
    void recordInto(AcknowledgementJournal journal) {
        this.journal = journal;
    }

    /** The next value of a back-end patch of this device's twin. */
    long nextValue(TwinValue value) {
        return switch (value) {
            case DESIRED -> desired.incrementAndGet();
            case TAG -> tag.incrementAndGet();
            case REPORTED -> reported.incrementAndGet();
        };
    }

    /** A new connection, subscribed to cloud-to-device messages and twin answers; for the fleet to connect. */
    MqttDeviceClient newConnection(String hubHostName, long tokenExpiry, TelemetryStats stats) {
        Connection connection = new Connection(connections.incrementAndGet());
        MqttDeviceClient next = new MqttDeviceClient(hubHostName, deviceId(),
                SasTokens.forDevice(hubHostName, deviceId(), credentials.primaryKey(), tokenExpiry), 1,
                BenchmarkOptions.MIN_PAYLOAD_BYTES, stats)
                .receiveOn(List.of("devices/" + deviceId() + "/messages/devicebound/#", RESPONSE_PREFIX + "#"), connection)
                .sequenced(connection);
        client = next;
        return next;
    }

    /** Starts telemetry and reported patches, those of {@code kinds}, on the current connection. */
    void startLoad(Set<OperationKind> kinds) {
        loading = true;
        MqttDeviceClient current = client;
        if (kinds.contains(OperationKind.TELEMETRY)) {
            current.startPublishing();
        }
        if (kinds.contains(OperationKind.REPORTED_PATCH)) {
            current.execute(() -> ((Connection) current.inbox()).reportNext(current));
        }
    }

    /** Stops sending; answers to what is in flight are still recorded. */
    void stopLoad() {
        loading = false;
        MqttDeviceClient current = client;
        if (current != null) {
            current.stopPublishing();
        }
    }

    /** One connection's state, confined to its event loop. */
    private final class Connection implements DeviceInbox, TelemetrySequence {

        private final int number;
        private long awaitedPatch;
        private long telemetrySent;

        Connection(int number) {
            this.number = number;
        }

        @Override
        public long next() {
            return ++telemetrySent;
        }

        @Override
        public String topic(long sequence) {
            return "devices/" + deviceId() + "/messages/events/$.mid=" + messageId(sequence) + "&"
                    + MqttDeviceClient.TELEMETRY_PROPERTIES;
        }

        @Override
        public void acknowledged(long sequence) {
            journal.telemetryAcknowledged(messageId(sequence));
        }

        private String messageId(long sequence) {
            return deviceId() + "-c" + number + "-m" + sequence;
        }

        void reportNext(MqttDeviceClient device) {
            if (!loading || awaitedPatch != 0) {
                return;
            }
            long value = nextValue(TwinValue.REPORTED);
            if (device.send(PATCH_PREFIX + value, TwinValue.REPORTED.patch(value).getBytes(StandardCharsets.UTF_8))) {
                awaitedPatch = value;
            }
        }

        @Override
        public void received(MqttDeviceClient device, String topic, ByteBuf payload) {
            if (topic.startsWith(RESPONSE_PREFIX)) {
                answered(device, topic);
                return;
            }
            Matcher messageId = MESSAGE_ID.matcher(topic);
            if (messageId.find()) {
                journal.cloudToDeviceReceived(URLDecoder.decode(messageId.group(1), StandardCharsets.UTF_8));
            }
        }

        /** {@code $iothub/twin/res/204/?$rid=7&$version=12}: the patch with value 7 is acknowledged. */
        private void answered(MqttDeviceClient device, String topic) {
            int rid = topic.indexOf("$rid=");
            int end = rid < 0 ? -1 : topic.indexOf('&', rid);
            String requestId = rid < 0 ? "" : topic.substring(rid + 5, end < 0 ? topic.length() : end);
            if (!requestId.equals(String.valueOf(awaitedPatch))) {
                return;
            }
            String status = topic.substring(RESPONSE_PREFIX.length(), topic.indexOf('/', RESPONSE_PREFIX.length()));
            if (status.equals("204")) {
                journal.twinPatched(TwinValue.REPORTED, deviceId(), awaitedPatch);
            } else if (status.startsWith("5")) {
                journal.serverError("reported patch of " + deviceId() + " answered " + status);
            } else {
                journal.refused("reported patch " + status);
            }
            awaitedPatch = 0;
            reportNext(device);
        }
    }
}
