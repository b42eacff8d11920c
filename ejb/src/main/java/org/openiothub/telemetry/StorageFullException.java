package org.openiothub.telemetry;

/**
 * Telemetry refused because the hub's disk is over its usage limit: the message is not stored, and what was stored
 * before stays. Gateways refuse the device's send (an MQTT device is disconnected before its PUBACK) rather than let
 * the broker fail on a full disk.
 */
public final class StorageFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageFullException(long usableBytes, long totalBytes) {
        super("the hub's disk is over its usage limit (" + usableBytes / (1024 * 1024) + " MB free of "
                + totalBytes / (1024 * 1024) + " MB): telemetry is refused until back ends read or retention expires it");
    }
}
