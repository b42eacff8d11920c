package org.openiothub.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A device as the service API shows it: its identity with the etag, joined with its connection state and
 * activity. Times are {@code null} when they never happened.
 */
public record DeviceRecord(String deviceId, String generationId, String etag, DeviceStatus status,
        String statusReason, Instant statusUpdatedTime, AuthenticationType authenticationType, String primaryKey,
        String secondaryKey, String primaryThumbprint, String secondaryThumbprint, boolean iotEdge,
        boolean connected, Instant connectionStateUpdatedTime, Instant lastActivityTime,
        int cloudToDeviceMessageCount) {

    static DeviceRecord of(Device device, ConnectionView connection, int cloudToDeviceMessageCount) {
        return new DeviceRecord(device.deviceId(), device.generationId(), etagOf(device.version()), device.status(),
                device.statusReason(), device.statusUpdatedTime(), device.authenticationType(), device.primaryKey(),
                device.secondaryKey(), device.primaryThumbprint(), device.secondaryThumbprint(), device.iotEdge(),
                connection.connected(), connection.stateUpdatedTime(), connection.lastActivityTime(),
                cloudToDeviceMessageCount);
    }

    /**
     * The stored identity alone, as a device that never connected and has no queued messages: for what needs only the
     * fields an operator writes, such as the query index.
     */
    public static DeviceRecord identityOf(Device device) {
        return of(device, ConnectionView.NEVER, 0);
    }

    /** IoT Hub's etags are base64 text; ours encode the entity version. */
    static String etagOf(long version) {
        return Base64.getEncoder().withoutPadding().encodeToString(String.valueOf(version).getBytes(StandardCharsets.US_ASCII));
    }

    /** The connection half of a record. */
    public record ConnectionView(boolean connected, Instant stateUpdatedTime, Instant lastActivityTime) {
        static final ConnectionView NEVER = new ConnectionView(false, null, null);
    }
}
