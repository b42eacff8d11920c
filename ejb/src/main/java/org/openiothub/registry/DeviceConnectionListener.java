package org.openiothub.registry;

import org.openiothub.auth.DeviceIdentity;

/**
 * What the device gateways tell the registry about connections, so that {@code connectionState} and
 * {@code lastActivityTime} stay true. Implementations return at once: gateways call them on event loops.
 */
public interface DeviceConnectionListener {

    void connected(DeviceIdentity device);

    void disconnected(DeviceIdentity device);

    /** The device sent something (telemetry, a twin or method message). */
    void activity(String deviceId);
}
