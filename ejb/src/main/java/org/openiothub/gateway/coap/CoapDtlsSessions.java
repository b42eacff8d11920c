package org.openiothub.gateway.coap;

import java.security.Principal;
import java.util.Objects;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.californium.elements.auth.ExtensiblePrincipal;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.registry.DeviceAccessRevoked;
import org.openiothub.registry.ModuleAccessRevoked;

/**
 * The DTLS sessions of this node's CoAP gateway: a device's key is checked only at its handshake, so when the device
 * is disabled, deleted or given new keys its sessions (and its modules') end, and its next request needs a new
 * handshake.
 */
@ApplicationScoped
public class CoapDtlsSessions {

    private static final Logger LOG = Logger.getLogger(CoapDtlsSessions.class);

    private volatile DTLSConnector connector;

    void started(DTLSConnector started) {
        this.connector = started;
    }

    void stopped() {
        this.connector = null;
    }

    void onAccessRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceAccessRevoked revoked) {
        end(device -> device.deviceId().equals(revoked.deviceId()), revoked.deviceId(), revoked.reason());
    }

    void onModuleAccessRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) ModuleAccessRevoked revoked) {
        end(device -> device.deviceId().equals(revoked.deviceId()) && Objects.equals(device.moduleId(), revoked.moduleId()),
                revoked.deviceId() + "/" + revoked.moduleId(), revoked.reason());
    }

    private void end(Predicate<DeviceIdentity> whose, String identity, String reason) {
        DTLSConnector current = connector;
        if (current == null) {
            return;
        }
        LOG.debugf("[device-id: %s] ending its DTLS sessions: %s", identity, reason);
        Filter<Principal> sessionsOf = principal -> {
            DeviceIdentity device = deviceOf(principal);
            return device != null && whose.test(device);
        };
        current.startTerminateConnectionsForPrincipal(sessionsOf);
    }

    /** @return the device a DTLS peer authenticated as, or {@code null} */
    static DeviceIdentity deviceOf(Principal principal) {
        if (principal instanceof ExtensiblePrincipal<?> extensible) {
            return extensible.getExtendedInfo().get(CoapPskStore.DEVICE_IDENTITY, DeviceIdentity.class);
        }
        return null;
    }
}
