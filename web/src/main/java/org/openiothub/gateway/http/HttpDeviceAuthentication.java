package org.openiothub.gateway.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.registry.DeviceIds;

/**
 * Authenticates each device request by the SAS token in its {@code Authorization} header, as the other transports
 * check theirs: signed with a key of the device (or module) whose path it calls, or with a policy holding
 * DeviceConnect; a disabled device is refused. HTTPS holds no connection, so a request counts as the device's
 * activity but never marks it connected.
 */
@ApplicationScoped
public class HttpDeviceAuthentication {

    @Inject
    DeviceAuthenticator authenticator;

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
     * @throws HubException {@code IotHubUnauthorizedAccess} (401) for a missing, bad, expired or out-of-scope token
     *                      or a disabled device; {@code DeviceNotFound} / {@code ModuleNotFound}; {@code ArgumentInvalid}
     *                      for a malformed device id
     */
    public DeviceIdentity authenticate(String deviceId, String moduleId, String authorization) {
        DeviceIdentity device = authenticator.authenticate(DeviceIds.require(deviceId), moduleId, authorization);
        connections.activity(device);
        return device;
    }
}
