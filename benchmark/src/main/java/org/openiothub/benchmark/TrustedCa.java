package org.openiothub.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The hub's CA as the only trust anchor, for both the JDK HTTP client and Netty. Host names are verified
 * against the certificate's SAN, as the device SDKs do.
 */
final class TrustedCa {

    private final TrustManagerFactory trustManagers;

    private TrustedCa(TrustManagerFactory trustManagers) {
        this.trustManagers = trustManagers;
    }

    /**
     * @throws IOException              when the file cannot be read
     * @throws GeneralSecurityException when it holds no X.509 certificate
     */
    static TrustedCa fromPem(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("No certificate in " + pem);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return new TrustedCa(factory);
    }

    /** For {@link java.net.http.HttpClient}, which verifies the host name itself. */
    SSLContext jdkContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** For Netty clients; handlers must be created with the peer's host and port for SAN checks to apply. */
    SslContext nettyClientContext() throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(trustManagers)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }
}
