package org.openiothub.registry;

/** IoT Hub's registry statistics: devices in the registry, by status. */
public record RegistryStatistics(long totalDeviceCount, long enabledDeviceCount, long disabledDeviceCount) {
}
