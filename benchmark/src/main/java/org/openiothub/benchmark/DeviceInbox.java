package org.openiothub.benchmark;

import io.netty.buffer.ByteBuf;

/** What a simulated device does with a PUBLISH from the hub. */
@FunctionalInterface
interface DeviceInbox {

    /**
     * Called on the device's event loop, before any PUBACK; answers written with {@link MqttDeviceClient#send} are
     * flushed when the read completes.
     *
     * @param payload valid only during the call
     */
    void received(MqttDeviceClient device, String topic, ByteBuf payload);
}
