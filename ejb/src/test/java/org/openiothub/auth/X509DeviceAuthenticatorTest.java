package org.openiothub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.certificate.CaCertificates;
import org.openiothub.certificate.X509Certificates;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.registry.ModuleRegistry;

/** Which client certificates authenticate which devices. */
class X509DeviceAuthenticatorTest {

    private static final Duration DAY = Duration.ofDays(1);

    private final X509DeviceAuthenticator authenticator = new X509DeviceAuthenticator();
    private final List<X509Certificate> verifiedAuthorities = new ArrayList<>();
    private AuthenticationType type;
    private String primaryThumbprint;
    private String secondaryThumbprint;
    private DeviceStatus status = DeviceStatus.ENABLED;

    @BeforeEach
    void registry() {
        Device device = new Device() {
            @Override
            public AuthenticationType authenticationType() {
                return type;
            }

            @Override
            public String primaryThumbprint() {
                return primaryThumbprint;
            }

            @Override
            public String secondaryThumbprint() {
                return secondaryThumbprint;
            }

            @Override
            public DeviceStatus status() {
                return status;
            }
        };
        authenticator.registry = new DeviceRegistry() {
            @Override
            public Optional<Device> find(String deviceId) {
                return Optional.ofNullable(deviceId.equals("d") ? device : null);
            }
        };
        authenticator.modules = new ModuleRegistry();
        authenticator.authorities = new CaCertificates() {
            @Override
            public List<X509Certificate> verifiedAuthorities() {
                return verifiedAuthorities;
            }
        };
    }

    @Test
    void aSelfSignedDeviceIsKnownByItsSha1OrSha256Thumbprint() throws Exception {
        Issued own = selfSigned("d", Instant.now().minus(DAY), Instant.now().plus(DAY));
        type = AuthenticationType.SELF_SIGNED;
        primaryThumbprint = X509Certificates.sha1Thumbprint(own.certificate());
        assertEquals(CredentialKind.X509_SELF_SIGNED, authenticator.authenticate("d", null, List.of(own.certificate())).credential());
        primaryThumbprint = "00".repeat(20);
        secondaryThumbprint = X509Certificates.sha256Thumbprint(own.certificate()).toLowerCase(java.util.Locale.ROOT);
        assertEquals(CredentialKind.X509_SELF_SIGNED, authenticator.authenticate("d", null, List.of(own.certificate())).credential());
    }

    @Test
    void anotherCertificateAnExpiredOneAndOneNotYetValidAreRefused() throws Exception {
        type = AuthenticationType.SELF_SIGNED;
        Issued expired = selfSigned("d", Instant.now().minus(DAY.multipliedBy(3)), Instant.now().minus(DAY));
        Issued future = selfSigned("d", Instant.now().plus(DAY), Instant.now().plus(DAY.multipliedBy(3)));
        Issued other = selfSigned("d", Instant.now().minus(DAY), Instant.now().plus(DAY));
        primaryThumbprint = X509Certificates.sha1Thumbprint(expired.certificate());
        secondaryThumbprint = X509Certificates.sha1Thumbprint(future.certificate());
        assertUnauthorized(List.of(expired.certificate()));
        assertUnauthorized(List.of(future.certificate()));
        assertUnauthorized(List.of(other.certificate()));
        assertUnauthorized(List.of());
    }

    @Test
    void aCaDeviceNeedsAChainToAVerifiedAuthorityAndItsIdAsCommonName() throws Exception {
        type = AuthenticationType.CERTIFICATE_AUTHORITY;
        Issued root = authority("root");
        Issued device = signed(root, "d");
        assertUnauthorized(List.of(device.certificate(), root.certificate()));

        verifiedAuthorities.add(root.certificate());
        assertEquals(CredentialKind.X509_CA,
                authenticator.authenticate("d", null, List.of(device.certificate(), root.certificate())).credential());
        assertEquals(CredentialKind.X509_CA, authenticator.authenticate("d", null, List.of(device.certificate())).credential());
        assertUnauthorized(List.of(signed(root, "someone-else").certificate()));
        assertUnauthorized(List.of(signed(authority("stranger"), "d").certificate()));
        assertUnauthorized(List.of(root.certificate()));
    }

    @Test
    void aSasDeviceAndADisabledDeviceAreRefused() throws Exception {
        Issued own = selfSigned("d", Instant.now().minus(DAY), Instant.now().plus(DAY));
        type = AuthenticationType.SAS;
        assertUnauthorized(List.of(own.certificate()));
        type = AuthenticationType.SELF_SIGNED;
        primaryThumbprint = X509Certificates.sha1Thumbprint(own.certificate());
        status = DeviceStatus.DISABLED;
        assertUnauthorized(List.of(own.certificate()));
    }

    @Test
    void theAuthMethodNamesTheCertificate() {
        String json = new DeviceIdentity("d", null, "g", CredentialKind.X509_CA).authMethodJson();
        assertTrue(json.contains("\"type\":\"x509Certificate\"") && json.contains("\"scope\":\"device\""), json);
    }

    private void assertUnauthorized(List<X509Certificate> chain) {
        HubException refused = assertThrows(HubException.class, () -> authenticator.authenticate("d", null, chain));
        assertEquals(ErrorCode.UNAUTHORIZED, refused.errorCode());
    }

    private record Issued(PrivateKey key, X509Certificate certificate) {
    }

    private static Issued selfSigned(String cn, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = keys();
        return new Issued(keys.getPrivate(), certificate(cn, keys, cn, keys.getPrivate(), notBefore, notAfter, false));
    }

    private static Issued authority(String cn) throws Exception {
        KeyPair keys = keys();
        return new Issued(keys.getPrivate(), certificate(cn, keys, cn, keys.getPrivate(), Instant.now().minus(DAY),
                Instant.now().plus(DAY), true));
    }

    private static Issued signed(Issued issuer, String cn) throws Exception {
        KeyPair keys = keys();
        return new Issued(keys.getPrivate(), certificate(cn, keys, X509Certificates.commonName(issuer.certificate()),
                issuer.key(), Instant.now().minus(DAY), Instant.now().plus(DAY), false));
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, boolean ca) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + subject), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
