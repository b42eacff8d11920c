package org.openiothub.benchmark;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * Which numbered telemetry messages ({@link TelemetrySequence}) each device had acknowledged and which the back end
 * received, so that a message acknowledged and never received is named, not just a difference of totals. Messages
 * received without an acknowledgement (the connection closed before the PUBACK) and received twice are allowed and
 * counted. Thread-safe.
 */
final class TelemetryLedger {

    private final Map<String, DeviceLog> devices = new ConcurrentHashMap<>();
    private final AtomicLong unattributed = new AtomicLong();

    /** The numbering of {@code deviceId}'s messages, the same object for all its connections. */
    TelemetrySequence sequence(String deviceId) {
        return log(deviceId);
    }

    /** Records a message the back end received, by its device annotation and {@code seq} property. */
    void received(Message<?> message) throws ClientException {
        Object deviceId = message.annotation(EventsDrain.DEVICE_ID);
        received(deviceId == null ? null : deviceId.toString(), message.property("seq"));
    }

    /**
     * Records a message the back end received.
     *
     * @param seq the message's {@code seq} property as the AMQP message carries it (a string); anything that is not
     *            a positive number counts as unattributed
     */
    void received(String deviceId, Object seq) {
        long number = parse(seq);
        if (deviceId == null || number <= 0 || number > Integer.MAX_VALUE) {
            unattributed.incrementAndGet();
            return;
        }
        log(deviceId).received((int) number);
    }

    /** Counts over all devices. */
    Totals totals() {
        long acked = 0;
        long received = 0;
        long missing = 0;
        long duplicates = 0;
        long unacknowledged = 0;
        for (DeviceLog log : devices.values()) {
            synchronized (log) {
                acked += log.acked.cardinality();
                received += log.received.cardinality();
                BitSet lost = (BitSet) log.acked.clone();
                lost.andNot(log.received);
                missing += lost.cardinality();
                BitSet extra = (BitSet) log.received.clone();
                extra.andNot(log.acked);
                unacknowledged += extra.cardinality();
                duplicates += log.duplicates;
            }
        }
        return new Totals(acked, received, missing, duplicates, unacknowledged, unattributed.get());
    }

    /** Devices with acknowledged messages never received, and how many each, by device id; empty when none. */
    Map<String, Long> missingByDevice() {
        Map<String, Long> missing = new TreeMap<>();
        devices.forEach((id, log) -> {
            synchronized (log) {
                BitSet lost = (BitSet) log.acked.clone();
                lost.andNot(log.received);
                if (!lost.isEmpty()) {
                    missing.put(id, (long) lost.cardinality());
                }
            }
        });
        return missing;
    }

    private DeviceLog log(String deviceId) {
        return devices.computeIfAbsent(deviceId, DeviceLog::new);
    }

    private static long parse(Object seq) {
        if (seq instanceof Number number) {
            return number.longValue();
        }
        if (seq instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * @param acked          distinct messages the hub acknowledged
     * @param received       distinct messages the back end received
     * @param missing        acknowledged and not received: lost, once the drain has settled
     * @param duplicates     receptions of a message already received
     * @param unacknowledged received without an acknowledgement the device saw
     * @param unattributed   received without a device id or a number
     */
    record Totals(long acked, long received, long missing, long duplicates, long unacknowledged, long unattributed) {
    }

    private static final class DeviceLog implements TelemetrySequence {

        private final String topic;
        private final BitSet acked = new BitSet();
        private final BitSet received = new BitSet();
        private int last;
        private long duplicates;

        DeviceLog(String deviceId) {
            topic = "devices/" + deviceId + "/messages/events/" + MqttDeviceClient.TELEMETRY_PROPERTIES + "&seq=";
        }

        @Override
        public synchronized long next() {
            return ++last;
        }

        @Override
        public String topic(long sequence) {
            return topic + sequence;
        }

        @Override
        public synchronized void acknowledged(long sequence) {
            acked.set((int) sequence);
        }

        synchronized void received(int sequence) {
            if (received.get(sequence)) {
                duplicates++;
            } else {
                received.set(sequence);
            }
        }
    }
}
