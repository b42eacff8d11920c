package org.openiothub.certificate;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A CA certificate registered with the hub under a name. It authenticates devices only once verified: its owner
 * proved possession of the key by signing a certificate whose subject is the verification code. Replacing the
 * certificate takes the verification away.
 */
@Entity
@Table(name = "ca_certificate")
@Cacheable(false)
public class CaCertificate {

    @Id
    @Column(length = 256)
    private String name;

    /** PEM. */
    @Column(nullable = false, length = 16384)
    private String certificate;

    @Column(nullable = false, length = 1024)
    private String subject;

    /** SHA-1, upper-case hex. */
    @Column(nullable = false, length = 40)
    private String thumbprint;

    @Column(nullable = false)
    private Instant expiry;

    @Column(nullable = false)
    private boolean verified;

    @Column(name = "verification_code", length = 64)
    private String verificationCode;

    @Column(nullable = false, length = 64)
    private String etag;

    @Column(nullable = false)
    private Instant created;

    @Column(nullable = false)
    private Instant updated;

    protected CaCertificate() {
    }

    CaCertificate(String name, X509Certificate certificate, Instant now) {
        this.name = name;
        this.created = now;
        replace(certificate, now);
    }

    public String name() {
        return name;
    }

    /** @return the certificate as PEM */
    public String certificate() {
        return certificate;
    }

    public X509Certificate x509() {
        return X509Certificates.parse(certificate);
    }

    public String subject() {
        return subject;
    }

    public String thumbprint() {
        return thumbprint;
    }

    public Instant expiry() {
        return expiry;
    }

    public boolean verified() {
        return verified;
    }

    /** @return the code a proof certificate must carry as its subject's common name, or {@code null} before one is asked for */
    public String verificationCode() {
        return verificationCode;
    }

    public String etag() {
        return etag;
    }

    public Instant created() {
        return created;
    }

    public Instant updated() {
        return updated;
    }

    final void replace(X509Certificate x509, Instant now) {
        this.certificate = X509Certificates.pem(x509);
        this.subject = x509.getSubjectX500Principal().getName();
        this.thumbprint = X509Certificates.sha1Thumbprint(x509);
        this.expiry = x509.getNotAfter().toInstant();
        this.verified = false;
        this.verificationCode = null;
        touch(now);
    }

    void newVerificationCode(Instant now) {
        this.verificationCode = UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT);
        touch(now);
    }

    void markVerified(Instant now) {
        this.verified = true;
        this.verificationCode = null;
        touch(now);
    }

    private void touch(Instant now) {
        this.updated = now;
        this.etag = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
