package org.openiothub.gateway;

import java.util.concurrent.CompletionStage;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;

/**
 * A device (or module) connected to this node, as the hub core sees it: what it can be sent. Implementations
 * belong to the protocol gateways, never block and may be called from any thread.
 */
public interface DeviceLink {

    DeviceIdentity identity();

    /** Whether the device asked for this kind of traffic (MQTT: subscribed to its topics). */
    boolean accepts(DeviceFeature feature);

    /** Pushes a desired-properties patch; {@code patchJson} already carries {@code $version}. Lost if the link drops. */
    void sendDesiredPropertiesPatch(long version, byte[] patchJson);

    /** Sends a direct method request; the device answers through the gateway with the same request id. */
    void sendMethodRequest(String requestId, String methodName, byte[] payload);

    /**
     * Delivers a cloud-to-device message.
     *
     * @return completes with how the device settled it (MQTT: a PUBACK completes it), exceptionally when the link
     *         closes first
     */
    CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message);

    /** Closes the connection, e.g. when the device was disabled. */
    void close(String reason);
}
