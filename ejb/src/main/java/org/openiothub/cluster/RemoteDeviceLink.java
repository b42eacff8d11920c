package org.openiothub.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

/**
 * A device connected to another node of the cluster, as this node can reach it: method requests and desired-property
 * notifications go to that node, which hands them to the device's connection (or reports that it has none). Whether
 * the device subscribed is known there only, so this link accepts every feature.
 */
final class RemoteDeviceLink implements DeviceLink {

    private final DeviceIdentity identity;
    private final String node;
    private final ArtemisClusterBus bus;

    RemoteDeviceLink(String deviceId, String moduleId, String node, ArtemisClusterBus bus) {
        this.identity = new DeviceIdentity(deviceId, moduleId, null, null);
        this.node = node;
        this.bus = bus;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public boolean accepts(DeviceFeature feature) {
        return feature != DeviceFeature.CLOUD_TO_DEVICE;
    }

    @Override
    public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        Map<String, String> properties = target();
        properties.put(ClusterMessage.VERSION, Long.toString(version));
        bus.sendTo(node, ClusterMessage.Kind.DESIRED_PATCH, properties, patchJson);
    }

    @Override
    public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
        Map<String, String> properties = target();
        properties.put(ClusterMessage.REQUEST_ID, requestId);
        properties.put(ClusterMessage.METHOD_NAME, methodName);
        bus.sendTo(node, ClusterMessage.Kind.METHOD_REQUEST, properties, payload);
    }

    @Override
    public CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message) {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "cloud-to-device messages are delivered by the node the device is connected to"));
    }

    @Override
    public void close(String reason) {
        // The node holding the connection closes it on the events that revoke it.
    }

    @Override
    public String toString() {
        return identity.deviceId() + " on node " + node;
    }

    private Map<String, String> target() {
        Map<String, String> properties = new HashMap<>();
        properties.put(ClusterMessage.DEVICE_ID, identity.deviceId());
        if (identity.moduleId() != null) {
            properties.put(ClusterMessage.MODULE_ID, identity.moduleId());
        }
        return properties;
    }
}
