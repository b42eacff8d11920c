package org.openiothub.auth;

import org.openiothub.errors.HubException;

/** Checks the credentials a device presents when it connects. */
public interface DeviceAuthenticator {

    /**
     * Authenticates a device or module presenting a SAS token (signed with one of its own keys, or with a
     * policy key that holds DeviceConnect). Blocks on the registry: never call it on an event loop.
     *
     * @param moduleId {@code null} for the device itself
     * @throws HubException {@code IotHubUnauthorizedAccess} for a bad, expired or out-of-scope token;
     *                      {@code DeviceNotFound} for an unknown device; {@code IotHubUnauthorizedAccess} for a disabled one
     */
    DeviceIdentity authenticate(String deviceId, String moduleId, String sasToken);
}
