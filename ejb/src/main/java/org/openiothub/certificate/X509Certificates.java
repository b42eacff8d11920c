package org.openiothub.certificate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.openiothub.errors.HubException;

/** Reading, writing and fingerprinting X.509 certificates the way IoT Hub shows them. */
public final class X509Certificates {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private X509Certificates() {
    }

    /**
     * @param text a PEM certificate, or the base64 of its DER form (IoT Hub takes both)
     * @throws HubException {@code ArgumentInvalid} when it is neither
     */
    public static X509Certificate parse(String text) {
        if (text == null || text.isBlank()) {
            throw HubException.invalid("The certificate is missing.");
        }
        String body = text.trim();
        int begin = body.indexOf(BEGIN);
        if (begin >= 0) {
            int end = body.indexOf(END, begin);
            if (end < 0) {
                throw HubException.invalid("The PEM certificate has no end line.");
            }
            body = body.substring(begin + BEGIN.length(), end);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("The certificate is neither PEM nor base64: " + e.getMessage());
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw HubException.invalid("The certificate cannot be read: " + e.getMessage());
        }
    }

    /** @return the certificate as PEM, with 64-character lines */
    public static String pem(X509Certificate certificate) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der(certificate));
        return BEGIN + "\n" + base64 + "\n" + END + "\n";
    }

    /** @return the SHA-1 fingerprint of the DER form, upper-case hex (IoT Hub's {@code thumbprint}) */
    public static String sha1Thumbprint(X509Certificate certificate) {
        return fingerprint(certificate, "SHA-1");
    }

    /** @return the SHA-256 fingerprint of the DER form, upper-case hex */
    public static String sha256Thumbprint(X509Certificate certificate) {
        return fingerprint(certificate, "SHA-256");
    }

    /** @return the subject's (last) common name, or {@code null} when it has none */
    public static String commonName(X509Certificate certificate) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    private static String fingerprint(X509Certificate certificate, String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(der(certificate)))
                    .toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A parsed certificate cannot be encoded again", e);
        }
    }
}
