package org.openiothub.registry;

import org.openiothub.auth.DeviceIdentity;

/**
 * What the device gateways tell the registry about connections, so that {@code connectionState} and
 * {@code lastActivityTime} stay true. Implementations return at once: gateways call them on event loops.
 */
public interface DeviceConnectionListener {

    void connected(DeviceIdentity device);

    void disconnected(DeviceIdentity device);

    /** The device or module sent something (telemetry, a twin or method message). */
    void activity(DeviceIdentity device);

    /**
     * The listener for a gateway to keep and call per message. An enterprise bean returns its instance, not its
     * container view, whose interceptors cost many times what recording activity in memory does. Call it through
     * the view once, at start.
     */
    default DeviceConnectionListener direct() {
        return this;
    }
}
