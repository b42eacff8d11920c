package org.openiothub.benchmark;

/**
 * A simulated device and the symmetric key its SAS tokens are signed with.
 *
 * @param primaryKey base64
 */
record DeviceCredentials(String deviceId, String primaryKey) {
}
