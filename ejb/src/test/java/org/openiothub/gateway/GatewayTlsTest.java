package org.openiothub.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.util.SelfSignedCertificate;

class GatewayTlsTest {

    @Test
    void aChannelWithoutTlsPresentsNoCertificate() {
        assertTrue(GatewayTls.clientCertificates(new EmbeddedChannel()).isEmpty());
    }

    @Test
    void aChannelWhoseTlsWasTerminatedElsewherePresentsTheChainRecordedForIt() throws Exception {
        SelfSignedCertificate issued = new SelfSignedCertificate("device-1");
        try {
            EmbeddedChannel channel = new EmbeddedChannel();
            GatewayTls.terminatedElsewhere(channel, List.of(issued.cert()));
            List<X509Certificate> chain = GatewayTls.clientCertificates(channel);
            assertEquals(List.of(issued.cert()), chain);
        } finally {
            issued.delete();
        }
    }
}
