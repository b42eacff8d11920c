package org.openiothub.gateway.coap;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

/**
 * A device (or module) observing its CoAP resources: what the hub pushes to it goes out as Observe notifications on
 * the relation it holds for that kind of traffic ({@code twin/desired} for desired-property patches, {@code methods}
 * for direct method requests). Notifications are confirmable; one the device has not acknowledged when the next is due
 * is superseded by it, as CoAP Observe defines, so a device that sees a gap in {@code $version} reads its twin, and a
 * superseded method request times out for its caller. Cloud-to-device messages are polled, never pushed.
 */
final class CoapDeviceLink implements DeviceLink {

    private final DeviceIdentity identity;
    private final Consumer<ObserveRelation> notifier;
    private final Map<DeviceFeature, ObserveRelation> relations = new EnumMap<>(DeviceFeature.class);
    private final Map<DeviceFeature, Queue<Response>> pending = new EnumMap<>(DeviceFeature.class);

    /** @param notifier has the resource notify one relation, with the resource's next Observe sequence number */
    CoapDeviceLink(DeviceIdentity identity, Consumer<ObserveRelation> notifier) {
        this.identity = identity;
        this.notifier = notifier;
        pending.put(DeviceFeature.DESIRED_PROPERTIES, new ConcurrentLinkedQueue<>());
        pending.put(DeviceFeature.METHODS, new ConcurrentLinkedQueue<>());
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    /** Takes the relation a device established for a kind of traffic, ending the one it replaces. */
    void observe(DeviceFeature feature, ObserveRelation relation) {
        ObserveRelation previous;
        synchronized (relations) {
            previous = relations.put(feature, relation);
        }
        if (previous != null && previous != relation) {
            previous.cancel();
        }
    }

    /** @return whether the link still observes anything */
    boolean forget(ObserveRelation relation) {
        synchronized (relations) {
            relations.values().removeIf(held -> held == relation);
            return !relations.isEmpty();
        }
    }

    @Override
    public boolean accepts(DeviceFeature feature) {
        synchronized (relations) {
            ObserveRelation relation = relations.get(feature);
            return relation != null && !relation.isCanceled();
        }
    }

    /** @return the notification to send next for {@code feature}, or {@code null} */
    Response nextNotification(DeviceFeature feature) {
        Queue<Response> queue = pending.get(feature);
        return queue == null ? null : queue.poll();
    }

    @Override
    public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        Response notification = new Response(ResponseCode.CONTENT);
        notification.setPayload(patchJson);
        notification.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        push(DeviceFeature.DESIRED_PROPERTIES, notification);
    }

    /** A method request: its payload, where to answer it (Location-Path {@code methods/{requestId}}), its name. */
    @Override
    public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
        Response notification = new Response(ResponseCode.CONTENT);
        notification.setPayload(payload);
        notification.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON)
                .setLocationPath("methods/" + requestId)
                .addLocationQuery("name=" + methodName);
        push(DeviceFeature.METHODS, notification);
    }

    @Override
    public CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message) {
        return CompletableFuture.failedFuture(new IllegalStateException("CoAP devices poll their cloud-to-device messages"));
    }

    @Override
    public void close(String reason) {
        ObserveRelation[] held;
        synchronized (relations) {
            held = relations.values().toArray(new ObserveRelation[0]);
        }
        for (ObserveRelation relation : held) {
            relation.cancel();
        }
    }

    private void push(DeviceFeature feature, Response notification) {
        ObserveRelation relation;
        synchronized (relations) {
            relation = relations.get(feature);
        }
        if (relation == null || relation.isCanceled()) {
            throw new IllegalStateException("The device does not observe " + feature + " any more");
        }
        pending.get(feature).add(notification);
        notifier.accept(relation);
    }
}
