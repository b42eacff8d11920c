package org.openiothub.benchmark;

/**
 * What every device of a {@link TelemetryFleet} sends and where it counts.
 *
 * @param hubHostName the IoT Hub host name that tokens and addresses name
 * @param tokenExpiry unix seconds at which the devices' SAS tokens expire
 * @param window      unacknowledged messages per device at first
 * @param maxWindow   the largest window {@link TelemetryFleet#window(int)} may set later
 */
record TelemetryDevices(String hubHostName, long tokenExpiry, int window, int maxWindow, int payloadBytes,
        TelemetryStats stats) {

    /** The device's SAS token, as its SDK signs it. */
    String token(DeviceCredentials device) {
        return SasTokens.forDevice(hubHostName, device.deviceId(), device.primaryKey(), tokenExpiry);
    }
}
