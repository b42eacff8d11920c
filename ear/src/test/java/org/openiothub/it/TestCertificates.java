package org.openiothub.it;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates made on the spot: self-signed device certificates, CAs and what they sign. */
final class TestCertificates {

    /** A key and its certificate chain, its own certificate first. */
    record Identity(PrivateKey key, X509Certificate... chain) {

        X509Certificate certificate() {
            return chain[0];
        }

        /** The TLS context a device SDK connects with: this identity as client certificate, the hub's CA trusted. */
        SSLContext sslContext() throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", key, new char[0], chain);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("hub-ca", pemCertificate(HubUnderTest.readCaPem()));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        }
    }

    private static final Duration DAY = Duration.ofDays(1);

    private TestCertificates() {
    }

    static Identity selfSigned(String commonName) throws Exception {
        return selfSigned(commonName, Instant.now().minus(DAY), Instant.now().plus(DAY));
    }

    static Identity selfSigned(String commonName, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair pair = keyPair();
        X500Name name = new X500Name("CN=" + commonName);
        return new Identity(pair.getPrivate(), sign(name, pair, name, pair.getPrivate(), notBefore, notAfter, false));
    }

    static Identity authority(String commonName) throws Exception {
        KeyPair pair = keyPair();
        X500Name name = new X500Name("CN=" + commonName);
        return new Identity(pair.getPrivate(), sign(name, pair, name, pair.getPrivate(), Instant.now().minus(DAY),
                Instant.now().plus(DAY), true));
    }

    /** A certificate for {@code commonName} signed by {@code issuer}; the chain holds the issuer's too. */
    static Identity signedBy(Identity issuer, String commonName) throws Exception {
        KeyPair pair = keyPair();
        X509Certificate certificate = sign(new X500Name("CN=" + commonName), pair,
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), issuer.key(),
                Instant.now().minus(DAY), Instant.now().plus(DAY), false);
        X509Certificate[] chain = new X509Certificate[issuer.chain().length + 1];
        chain[0] = certificate;
        System.arraycopy(issuer.chain(), 0, chain, 1, issuer.chain().length);
        return new Identity(pair.getPrivate(), chain);
    }

    static String pem(X509Certificate certificate) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return text.toString();
    }

    static String sha1(X509Certificate certificate) throws Exception {
        return fingerprint(certificate, "SHA-1");
    }

    static String sha256(X509Certificate certificate) throws Exception {
        return fingerprint(certificate, "SHA-256");
    }

    private static String fingerprint(X509Certificate certificate, String algorithm) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()))
                .toUpperCase(Locale.ROOT);
    }

    private static X509Certificate pemCertificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, boolean ca) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notAfter), subject,
                subjectKeys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        } else {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
