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
import org.openiothub.registry.ModuleIdentity;
import org.openiothub.registry.ModuleRegistry;

/**
 * Authenticates devices and modules by SAS token: signed with one of the identity's own keys (a module's, not its
 * device's) and scoped to it, or signed with a policy holding DeviceConnect and scoped to the hub, the device or the
 * module. A token scoped to one module covers neither its device nor another module.
 */
@ApplicationScoped
public class SasDeviceAuthenticator implements DeviceAuthenticator {

    @Inject
    DeviceRegistry registry;

    @Inject
    ModuleRegistry modules;

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
        Credentials own = moduleId == null ? Credentials.of(device) : modules.find(deviceId, moduleId)
                .map(Credentials::of).orElseThrow(() -> HubException.moduleNotFound(deviceId, moduleId));
        String identity = moduleId == null ? "device " + deviceId : "module " + deviceId + "/" + moduleId;
        CredentialKind kind;
        if (token.keyName() != null) {
            SharedAccessPolicy policy = policies.verifiedPolicy(token);
            if (!policy.rights().contains(AccessRight.DeviceConnect)) {
                throw HubException.unauthorized("Policy " + policy.name() + " does not grant DeviceConnect.");
            }
            kind = CredentialKind.POLICY_KEY;
        } else {
            if (own.type() != AuthenticationType.SAS) {
                throw HubException.unauthorized("The " + identity + " does not authenticate with symmetric keys.");
            }
            if (!token.isSignedWith(own.primaryKey()) && !token.isSignedWith(own.secondaryKey())) {
                throw HubException.unauthorized("The token's signature does not match a key of the " + identity + ".");
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

    /** The keys a device or module signs its own tokens with. */
    private record Credentials(AuthenticationType type, String primaryKey, String secondaryKey) {

        static Credentials of(Device device) {
            return new Credentials(device.authenticationType(), device.primaryKey(), device.secondaryKey());
        }

        static Credentials of(ModuleIdentity module) {
            return new Credentials(module.authenticationType(), module.primaryKey(), module.secondaryKey());
        }
    }
}
