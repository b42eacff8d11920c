package org.openiothub.twin;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

/**
 * Pushes desired-property changes to the device once they are committed, if it is connected (to this node, or to
 * another node of the cluster, which pushes it) and subscribed. Nothing is kept for a device that is not: as on IoT Hub, a device GETs its twin when it
 * (re)connects.
 */
@ApplicationScoped
public class DesiredPropertiesNotifier {

    private static final Logger LOG = Logger.getLogger(DesiredPropertiesNotifier.class);

    @Inject
    ConnectedDevices devices;

    void onDesiredPropertiesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredPropertiesChanged change) {
        byte[] notification = change.notification().toString().getBytes(StandardCharsets.UTF_8);
        devices.find(change.deviceId(), change.moduleId())
                .filter(link -> link.accepts(DeviceFeature.DESIRED_PROPERTIES))
                .ifPresentOrElse(link -> send(link, change, notification),
                        () -> LOG.debugf("[device-id: %s] desired properties version %d not pushed: not connected here or not subscribed",
                                change.target(), change.version()));
    }

    private static void send(DeviceLink link, DesiredPropertiesChanged change, byte[] notification) {
        try {
            link.sendDesiredPropertiesPatch(change.version(), notification);
        } catch (IllegalStateException e) {
            // The connection closed or stopped reading meanwhile; the device GETs its twin when it is back.
            LOG.debugf("[device-id: %s] desired properties version %d not pushed: %s", change.target(), change.version(), e.getMessage());
        }
    }
}
