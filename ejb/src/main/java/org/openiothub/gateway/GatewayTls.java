package org.openiothub.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.AttributeKey;

/**
 * The server side of the device gateways' TLS, from the PKCS#12 key store the HTTPS listener uses too. A client
 * certificate is asked for but not required, and any is accepted: SAS devices and back ends send none, and an X.509
 * device's certificate is judged by the hub ({@code org.openiothub.auth.CertificateAuthenticator}) once it says who
 * it is.
 */
public final class GatewayTls {

    private static final AttributeKey<List<X509Certificate>> TERMINATED_ELSEWHERE =
            AttributeKey.valueOf(GatewayTls.class, "clientCertificates");

    private GatewayTls() {
    }

    /**
     * @throws IllegalStateException when the key store cannot be read or holds no usable key
     */
    public static SslContext fromPkcs12(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            return SslContextBuilder.forServer(keyManagers)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    // any client certificate passes the handshake (the factory accepts all); the hub judges it
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the chain the client of {@code channel} presented to the TLS that a server in front of the gateway
     * terminated (the HTTPS listener, for a WebSocket), for a channel that has no {@link SslHandler}. Call it before
     * the channel is served.
     *
     * @param chain the client's certificate first; empty when it presented none
     */
    public static void terminatedElsewhere(Channel channel, List<X509Certificate> chain) {
        channel.attr(TERMINATED_ELSEWHERE).set(List.copyOf(chain));
    }

    /**
     * @return the certificate chain the client of {@code channel} presented, its own first: to the channel's
     *         {@link SslHandler}, or as recorded by {@link #terminatedElsewhere}; empty when it presented none or the
     *         channel has no TLS
     */
    public static List<X509Certificate> clientCertificates(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            List<X509Certificate> elsewhere = channel.attr(TERMINATED_ELSEWHERE).get();
            return elsewhere != null ? elsewhere : List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
