package org.openiothub.registry;

/** Whether a device may connect; serialized in lower case as IoT Hub does. */
public enum DeviceStatus {
    ENABLED,
    DISABLED;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
