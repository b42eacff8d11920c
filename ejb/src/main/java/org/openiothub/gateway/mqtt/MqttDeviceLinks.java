package org.openiothub.gateway.mqtt;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.gateway.DeviceLink;
import org.openiothub.gateway.DeviceLinks;

import io.netty.channel.Channel;

/** The devices connected to this node's MQTT gateway, for the hub core. */
@ApplicationScoped
public class MqttDeviceLinks implements DeviceLinks {

    @Inject
    MqttDeviceSessions sessions;

    @Override
    public Optional<DeviceLink> find(String deviceId, String moduleId) {
        Channel channel = sessions.channelOf(new MqttClientId(deviceId, moduleId));
        return channel == null ? Optional.empty() : Optional.ofNullable(channel.attr(MqttDeviceLink.KEY).get());
    }
}
