package org.openiothub.gateway;

/** The kinds of hub-to-device traffic a connected device can ask for. */
public enum DeviceFeature {
    CLOUD_TO_DEVICE,
    DESIRED_PROPERTIES,
    METHODS,
    TWIN_RESPONSES
}
