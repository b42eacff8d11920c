package org.openiothub.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/** The server side of the device gateways' TLS, from the PKCS#12 key store the HTTPS listener uses too. */
public final class GatewayTls {

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
                    // X.509 device authentication is not supported yet; a certificate is not asked for.
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
