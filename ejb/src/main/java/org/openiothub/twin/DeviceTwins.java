package org.openiothub.twin;

import java.util.concurrent.CompletionStage;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.HubException;

/**
 * What a connected device may do with its own twin, for the protocol gateways. {@link #getForDevice} blocks on the
 * database: never call it on an event loop; {@link #patchReported} does not.
 */
public interface DeviceTwins {

    /**
     * @throws HubException {@code DeviceNotFound} when the device was deleted; {@code ModuleNotFound} when the
     *                      module (of a module's connection) was
     */
    Twin getForDevice(DeviceIdentity device);

    /**
     * Merges a device's JSON merge patch into its reported properties. Returns at once; patches of one device
     * submitted one after another are written in that order.
     *
     * @param patchJson       the patch as sent (UTF-8)
     * @param expectedVersion the reported {@code $version} the device based its patch on, or {@code null} for any
     * @return completed with the reported properties' new {@code $version} once the write committed; failed with a
     *         {@link HubException} {@code PreconditionFailed}, {@code DeviceNotFound}, {@code ModuleNotFound}, {@code ArgumentInvalid},
     *         {@code Throttled}, or another exception when the hub failed
     * @throws HubException {@code IotHubFormatError}, {@code ArgumentInvalid}, found before anything is queued
     */
    CompletionStage<Long> patchReported(DeviceIdentity device, byte[] patchJson, Long expectedVersion);
}
