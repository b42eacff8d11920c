package org.openiothub.gateway;

import org.openiothub.auth.DeviceIdentity;

/**
 * A CDI event: a connected device (or module) asked for a kind of traffic (MQTT: subscribed to its topics), so the
 * hub may now send it that traffic. Gateways fire it synchronously from their own threads: observers return at once.
 */
public record DeviceFeatureSubscribed(DeviceIdentity device, DeviceFeature feature) {
}
