package org.openiothub.twin;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.HubException;

/**
 * What a connected device may do with its own twin, for the protocol gateways. Blocks on the database: never
 * call it on an event loop.
 */
public interface DeviceTwins {

    /**
     * @throws HubException {@code DeviceNotFound} when the device was deleted; {@code ModuleNotFound} for a module
     */
    Twin getForDevice(DeviceIdentity device);

    /**
     * Merges a device's JSON merge patch into its reported properties.
     *
     * @param patchJson       the patch as sent (UTF-8)
     * @param expectedVersion the reported {@code $version} the device based its patch on, or {@code null} for any
     * @return the reported properties' new {@code $version}
     * @throws HubException {@code IotHubFormatError}, {@code ArgumentInvalid}, {@code PreconditionFailed},
     *                      {@code DeviceNotFound}, {@code ModuleNotFound}
     */
    long patchReported(DeviceIdentity device, byte[] patchJson, Long expectedVersion);
}
