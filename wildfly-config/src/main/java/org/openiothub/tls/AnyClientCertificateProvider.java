package org.openiothub.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A security provider with one trust manager factory, {@value #ALGORITHM}, for the HTTPS listener: it asks for a
 * client certificate and accepts any. Service clients and SAS devices send none; an X.509 device's certificate is
 * judged by the hub against the device's registration (thumbprint or verified CA) when it calls the device API.
 * Loaded by the Elytron subsystem from module {@code org.openiothub.tls}.
 */
public final class AnyClientCertificateProvider extends Provider {

    public static final String ALGORITHM = "AnyClientCertificate";
    private static final long serialVersionUID = 1L;

    public AnyClientCertificateProvider() {
        super("OpenIoTHubTls", "1.0", "Trusts any TLS client certificate; the hub judges it per device");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM, Factory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new Factory();
            }
        });
    }

    /** Hands out the one trust manager; key stores and parameters have nothing to configure. */
    public static final class Factory extends TrustManagerFactorySpi {

        @Override
        protected void engineInit(KeyStore keyStore) {
            // nothing is trusted more than anything else
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) {
            // as above
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {new AnyClient()};
        }
    }

    /** Accepts every client chain and names no issuers, so a client offers whichever certificate it has. */
    static final class AnyClient extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // judged by the hub after the handshake
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // judged by the hub after the handshake
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // judged by the hub after the handshake
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("A server's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("A server's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("A server's trust manager checks clients only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
