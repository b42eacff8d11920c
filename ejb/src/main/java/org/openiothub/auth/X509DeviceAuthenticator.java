package org.openiothub.auth;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.certificate.CaCertificates;
import org.openiothub.certificate.X509Certificates;
import org.openiothub.errors.HubException;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.registry.ModuleIdentity;
import org.openiothub.registry.ModuleRegistry;

/**
 * Authenticates devices and modules by TLS client certificate, for every transport: a {@code selfSigned} identity by
 * the SHA-1 or SHA-256 thumbprint the registry holds for it, a {@code certificateAuthority} identity by a chain to a
 * verified CA certificate whose leaf names the device in its subject's common name. The TLS layers accept any
 * certificate; this is where it is judged.
 */
@ApplicationScoped
public class X509DeviceAuthenticator implements CertificateAuthenticator {

    @Inject
    DeviceRegistry registry;

    @Inject
    ModuleRegistry modules;

    @Inject
    CaCertificates authorities;

    @Override
    public DeviceIdentity authenticate(String deviceId, String moduleId, List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            throw HubException.unauthorized("No client certificate and no SAS token were presented.");
        }
        Device device = registry.find(deviceId).orElseThrow(() -> HubException.deviceNotFound(deviceId));
        Credentials own = moduleId == null ? Credentials.of(device) : modules.find(deviceId, moduleId)
                .map(Credentials::of).orElseThrow(() -> HubException.moduleNotFound(deviceId, moduleId));
        String identity = moduleId == null ? "device " + deviceId : "module " + deviceId + "/" + moduleId;
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity();
        } catch (GeneralSecurityException e) {
            throw HubException.unauthorized("The client certificate of the " + identity + " is not valid now: "
                    + e.getMessage());
        }
        CredentialKind kind;
        if (own.type() == AuthenticationType.SELF_SIGNED) {
            if (!own.matches(leaf)) {
                throw HubException.unauthorized("The client certificate's thumbprint is not one of the " + identity + ".");
            }
            kind = CredentialKind.X509_SELF_SIGNED;
        } else if (own.type() == AuthenticationType.CERTIFICATE_AUTHORITY) {
            String cn = X509Certificates.commonName(leaf);
            if (!deviceId.equals(cn) && !(moduleId != null && moduleId.equals(cn))) {
                throw HubException.unauthorized("The client certificate's common name " + cn + " does not name the "
                        + identity + ".");
            }
            requireChainToVerifiedAuthority(chain, identity);
            kind = CredentialKind.X509_CA;
        } else {
            throw HubException.unauthorized("The " + identity + " does not authenticate with X.509 certificates.");
        }
        if (device.status() != DeviceStatus.ENABLED) {
            throw HubException.unauthorized("Device " + deviceId + " is disabled.");
        }
        return new DeviceIdentity(deviceId, moduleId, device.generationId(), kind);
    }

    private void requireChainToVerifiedAuthority(List<X509Certificate> chain, String identity) {
        Set<TrustAnchor> anchors = authorities.verifiedAuthorities().stream()
                .map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        if (anchors.isEmpty()) {
            throw HubException.unauthorized("No verified CA certificate is registered for the " + identity + ".");
        }
        // a client may send its root too; the anchor must not be part of the path
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(certificate -> anchors.stream().anyMatch(anchor -> anchor.getTrustedCert().equals(certificate)));
        if (path.isEmpty()) {
            throw HubException.unauthorized("The client certificate of the " + identity + " is a CA certificate itself.");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(new Date());
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                    parameters);
        } catch (GeneralSecurityException e) {
            throw HubException.unauthorized("The client certificate of the " + identity
                    + " does not chain to a verified CA certificate: " + e.getMessage());
        }
    }

    /** How a device or module authenticates, and the thumbprints of a self-signed one. */
    private record Credentials(AuthenticationType type, String primaryThumbprint, String secondaryThumbprint) {

        static Credentials of(Device device) {
            return new Credentials(device.authenticationType(), device.primaryThumbprint(), device.secondaryThumbprint());
        }

        static Credentials of(ModuleIdentity module) {
            return new Credentials(module.authenticationType(), module.primaryThumbprint(), module.secondaryThumbprint());
        }

        boolean matches(X509Certificate certificate) {
            String sha1 = X509Certificates.sha1Thumbprint(certificate);
            String sha256 = X509Certificates.sha256Thumbprint(certificate);
            return sha1.equalsIgnoreCase(primaryThumbprint) || sha1.equalsIgnoreCase(secondaryThumbprint)
                    || sha256.equalsIgnoreCase(primaryThumbprint) || sha256.equalsIgnoreCase(secondaryThumbprint);
        }
    }
}
