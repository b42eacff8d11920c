package org.openiothub.gateway;

import java.util.Optional;

/** One per protocol gateway: its connected devices on this node. */
public interface DeviceLinks {

    /** @param moduleId {@code null} for the device itself */
    Optional<DeviceLink> find(String deviceId, String moduleId);
}
