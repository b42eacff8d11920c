package org.openiothub.c2d;

import org.openiothub.gateway.DeviceLink;

/**
 * Where protocol gateways hand over the devices that want their cloud-to-device messages. A gateway attaches a
 * device's link when the device asks for its messages (MQTT: subscribes to {@code devices/{id}/messages/devicebound/#})
 * and detaches it when the connection ends or the device unsubscribes. The hub then sends over the link with
 * {@link DeviceLink#sendCloudToDeviceMessage}, one message at a time, and settles each by the outcome of that
 * stage: as the device settled it (completed, abandoned: back to the queue, rejected: dead-lettered), or back to
 * the queue when the stage fails. Both methods return at once and may be called from an event loop.
 */
public interface CloudToDeviceDelivery {

    /**
     * The device behind {@code link} wants its messages: what waits for it starts flowing. It replaces the device's
     * earlier link. Module links are ignored: IoT Hub queues cloud-to-device messages for devices only.
     */
    void attach(DeviceLink link);

    /**
     * The link closed or no longer wants messages. A message in flight on it goes back to the queue once the link
     * fails its stage. Detaching a link that is not attached does nothing.
     */
    void detach(DeviceLink link);
}
