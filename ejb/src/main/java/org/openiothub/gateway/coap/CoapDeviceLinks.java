package org.openiothub.gateway.coap;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.californium.core.observe.ObserveRelation;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.gateway.DeviceLinks;

/** The devices observing this node's CoAP resources, for the hub core. */
@ApplicationScoped
public class CoapDeviceLinks implements DeviceLinks {

    private final ConcurrentMap<Key, CoapDeviceLink> links = new ConcurrentHashMap<>();

    @Override
    public Optional<DeviceLink> find(String deviceId, String moduleId) {
        return Optional.ofNullable(links.get(new Key(deviceId, moduleId)));
    }

    /** The device's link, made when it first observes something, notifying through {@code notifier}. */
    CoapDeviceLink linkOf(DeviceIdentity device, Consumer<ObserveRelation> notifier) {
        return links.compute(new Key(device.deviceId(), device.moduleId()), (key, link) ->
                link != null && Objects.equals(link.identity().generationId(), device.generationId()) ? link
                        : new CoapDeviceLink(device, notifier));
    }

    /** Drops the link of a device that observes nothing any more. */
    void forget(CoapDeviceLink link) {
        links.remove(new Key(link.identity().deviceId(), link.identity().moduleId()), link);
    }

    private record Key(String deviceId, String moduleId) {
    }
}
