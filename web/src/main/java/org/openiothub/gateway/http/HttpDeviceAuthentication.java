package org.openiothub.gateway.http;

import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.openiothub.auth.CertificateAuthenticator;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.registry.DeviceIds;

/**
 * Authenticates each device request by the SAS token in its {@code Authorization} header, as the other transports
 * check theirs: signed with a key of the device (or module) whose path it calls, or with a policy holding
 * DeviceConnect; without the header, by the TLS client certificate the connection presented (an X.509 device); a
 * disabled device is refused. HTTPS holds no connection, so a request counts as the device's
 * activity but never marks it connected.
 */
@ApplicationScoped
public class HttpDeviceAuthentication {

    @Inject
    DeviceAuthenticator authenticator;

    @Inject
    CertificateAuthenticator certificates;

    @Inject
    HttpServletRequest request;

    @Inject
    DeviceConnectionListener connectionListener;

    private DeviceConnectionListener connections;

    @PostConstruct
    void resolve() {
        connections = connectionListener.direct();
    }

    /**
     * @param moduleId      {@code null} for the device itself
     * @param authorization the header's value; {@code null} when absent
     * @throws HubException {@code IotHubUnauthorizedAccess} (401) for a missing, bad, expired or out-of-scope token,
     *                      a client certificate that does not authenticate the device, or a disabled device;
     *                      {@code DeviceNotFound} / {@code ModuleNotFound}; {@code ArgumentInvalid} for a malformed
     *                      device id
     */
    public DeviceIdentity authenticate(String deviceId, String moduleId, String authorization) {
        String id = DeviceIds.require(deviceId);
        DeviceIdentity device = authorization == null || authorization.isBlank()
                ? certificates.authenticate(id, moduleId, clientCertificates())
                : authenticator.authenticate(id, moduleId, authorization);
        connections.activity(device);
        return device;
    }

    /** The chain the TLS client presented, its own certificate first; empty without one. */
    private List<X509Certificate> clientCertificates() {
        Object chain = request.getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
    }
}
