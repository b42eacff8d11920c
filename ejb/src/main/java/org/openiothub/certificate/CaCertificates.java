package org.openiothub.certificate;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.jboss.logging.Logger;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.ETags;

/**
 * The CA certificates registered with the hub, managed as IoT Hub's Certificates API does: upload, ask for a
 * verification code, prove possession of the CA's key with a certificate it signed for that code, delete.
 */
@Stateless
public class CaCertificates {

    /** IoT Hub's limit. */
    public static final int MAX_CERTIFICATES = 25;

    private static final Logger LOG = Logger.getLogger(CaCertificates.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @PersistenceContext
    EntityManager em;

    public List<CaCertificate> all() {
        return em.createQuery("select c from CaCertificate c order by c.name", CaCertificate.class).getResultList();
    }

    /** @return the certificates that authenticate devices: verified ones */
    public List<X509Certificate> verifiedAuthorities() {
        return em.createQuery("select c from CaCertificate c where c.verified = true", CaCertificate.class)
                .getResultList().stream().map(CaCertificate::x509).toList();
    }

    /** @throws HubException {@code CertificateNotFound} */
    public CaCertificate get(String name) {
        CaCertificate certificate = em.find(CaCertificate.class, name);
        if (certificate == null) {
            throw new HubException(ErrorCode.CERTIFICATE_NOT_FOUND, "No CA certificate is registered as " + name + ".");
        }
        return certificate;
    }

    /**
     * Registers a CA certificate, or replaces the one under {@code name} (which then needs verifying again).
     *
     * @param certificate PEM or base64 DER
     * @param ifMatch     {@code null} to create; the etag or {@code *} to replace
     * @throws HubException {@code ArgumentInvalid} for a bad name or certificate; {@code PreconditionFailed} when
     *                      the etag does not match or one exists and none is given; {@code CertificateCountExceeded}
     */
    public CaCertificate put(String name, String certificate, String ifMatch) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw HubException.invalid("A certificate name is 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        X509Certificate x509 = X509Certificates.parse(certificate);
        Instant now = Instant.now();
        CaCertificate existing = em.find(CaCertificate.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (existing == null) {
            long count = em.createQuery("select count(c) from CaCertificate c", Long.class).getSingleResult();
            if (count >= MAX_CERTIFICATES) {
                throw new HubException(ErrorCode.CERTIFICATE_COUNT_EXCEEDED,
                        "The hub holds " + MAX_CERTIFICATES + " CA certificates already.");
            }
            CaCertificate created = new CaCertificate(name, x509, now);
            em.persist(created);
            LOG.infof("[certificate: %s] CA certificate %s registered (thumbprint %s)", name, created.subject(), created.thumbprint());
            return created;
        }
        if (ETags.unquote(ifMatch) == null) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED,
                    "Certificate " + name + " exists: replace it with If-Match set to its etag.");
        }
        requireMatch(existing, ifMatch);
        existing.replace(x509, now);
        LOG.infof("[certificate: %s] CA certificate replaced by %s (thumbprint %s)", name, existing.subject(), existing.thumbprint());
        return existing;
    }

    /** @throws HubException {@code CertificateNotFound}, {@code PreconditionFailed} */
    public CaCertificate generateVerificationCode(String name, String ifMatch) {
        CaCertificate certificate = locked(name);
        requireMatch(certificate, ifMatch);
        certificate.newVerificationCode(Instant.now());
        return certificate;
    }

    /**
     * Verifies the CA: {@code proof} must be valid now, carry the verification code as its subject's common name
     * and be signed by the CA's key.
     *
     * @throws HubException {@code ArgumentInvalid} for a proof that is none; {@code CertificateNotFound},
     *                      {@code PreconditionFailed}
     */
    public CaCertificate verify(String name, String ifMatch, String proof) {
        CaCertificate certificate = locked(name);
        requireMatch(certificate, ifMatch);
        if (certificate.verificationCode() == null) {
            throw HubException.invalid("Generate a verification code for certificate " + name + " first.");
        }
        X509Certificate proofCertificate = X509Certificates.parse(proof);
        if (!certificate.verificationCode().equals(X509Certificates.commonName(proofCertificate))) {
            throw HubException.invalid("The proof's subject common name is not the verification code.");
        }
        try {
            proofCertificate.checkValidity();
            proofCertificate.verify(certificate.x509().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw HubException.invalid("The proof is not a valid certificate signed by the CA: " + e.getMessage());
        }
        certificate.markVerified(Instant.now());
        LOG.infof("[certificate: %s] CA certificate verified by proof of possession", name);
        return certificate;
    }

    /** @throws HubException {@code CertificateNotFound}, {@code PreconditionFailed} */
    public void delete(String name, String ifMatch) {
        CaCertificate certificate = locked(name);
        requireMatch(certificate, ifMatch);
        em.remove(certificate);
        LOG.infof("[certificate: %s] CA certificate deleted", name);
    }

    private CaCertificate locked(String name) {
        CaCertificate certificate = em.find(CaCertificate.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (certificate == null) {
            throw new HubException(ErrorCode.CERTIFICATE_NOT_FOUND, "No CA certificate is registered as " + name + ".");
        }
        return certificate;
    }

    private static void requireMatch(CaCertificate certificate, String ifMatch) {
        String etag = ETags.unquote(ifMatch);
        if (etag != null && !"*".equals(etag) && !etag.equals(certificate.etag())) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED,
                    "Certificate " + certificate.name() + " has etag " + certificate.etag() + ", not " + etag + ".");
        }
    }
}
