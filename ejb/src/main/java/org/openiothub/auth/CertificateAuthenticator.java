package org.openiothub.auth;

import java.security.cert.X509Certificate;
import java.util.List;

import org.openiothub.errors.HubException;

/** Checks the TLS client certificate a device presents when it connects without a token. */
@FunctionalInterface
public interface CertificateAuthenticator {

    /**
     * Authenticates a device or module of type {@code selfSigned} or {@code certificateAuthority} by the certificate
     * chain its TLS client presented. Blocks on the registry: never call it on an event loop.
     *
     * @param moduleId {@code null} for the device itself
     * @param chain    the client's chain, its own certificate first; empty when it presented none
     * @throws HubException {@code IotHubUnauthorizedAccess} for no, an expired, a not yet valid or a non-matching
     *                      certificate, a chain to no verified CA, a SAS identity or a disabled device;
     *                      {@code DeviceNotFound} / {@code ModuleNotFound}
     */
    DeviceIdentity authenticate(String deviceId, String moduleId, List<X509Certificate> chain);
}
