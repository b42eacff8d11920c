package org.openiothub.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.config.HubConfig;
import org.openiothub.errors.HubException;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.DeviceStatus;

/**
 * Authenticates devices by SAS token: signed with one of the device's keys and scoped to the device, or signed
 * with a policy holding DeviceConnect and scoped to the hub or the device.
 */
@ApplicationScoped
public class SasDeviceAuthenticator implements DeviceAuthenticator {

    @Inject
    DeviceRegistry registry;

    @Inject
    ServiceAuthenticator policies;

    @Inject
    HubConfig config;

    @Override
    public DeviceIdentity authenticate(String deviceId, String moduleId, String sasToken) {
        SasToken token = SasToken.parse(sasToken);
        String target = "/devices/" + deviceId + (moduleId == null ? "" : "/modules/" + moduleId);
        if (config.hostNames().stream().noneMatch(host -> token.covers(host + target))) {
            throw HubException.unauthorized("The token's resource " + token.scope() + " does not cover " + target + ".");
        }
        Device device = registry.find(deviceId).orElseThrow(() -> HubException.deviceNotFound(deviceId));
        CredentialKind kind;
        if (token.keyName() != null) {
            SharedAccessPolicy policy = policies.verifiedPolicy(token);
            if (!policy.rights().contains(AccessRight.DeviceConnect)) {
                throw HubException.unauthorized("Policy " + policy.name() + " does not grant DeviceConnect.");
            }
            kind = CredentialKind.POLICY_KEY;
        } else {
            if (device.authenticationType() != AuthenticationType.SAS) {
                throw HubException.unauthorized("Device " + deviceId + " does not authenticate with symmetric keys.");
            }
            if (!token.isSignedWith(device.primaryKey()) && !token.isSignedWith(device.secondaryKey())) {
                throw HubException.unauthorized("The token's signature does not match a key of device " + deviceId + ".");
            }
            if (token.isExpired(Instant.now())) {
                throw HubException.unauthorized("The token expired at " + Instant.ofEpochSecond(token.expiry()) + ".");
            }
            kind = CredentialKind.DEVICE_KEY;
        }
        if (device.status() != DeviceStatus.ENABLED) {
            throw HubException.unauthorized("Device " + deviceId + " is disabled.");
        }
        return new DeviceIdentity(deviceId, moduleId, device.generationId(), kind);
    }
}
