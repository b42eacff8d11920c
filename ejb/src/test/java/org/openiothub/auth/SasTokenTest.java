package org.openiothub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class SasTokenTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_KEY = SymmetricKeys.generate();
    private static final long FUTURE = Instant.now().plusSeconds(3600).getEpochSecond();

    private static String token(String literalResource, String key, long expiry, String keyName) {
        String signature = Base64.getEncoder().encodeToString(SasToken.sign(key, literalResource, expiry));
        return "SharedAccessSignature sr=" + literalResource + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8)
                + "&se=" + expiry + (keyName == null ? "" : "&skn=" + keyName);
    }

    @Test
    void javaDeviceTokenWithRawResourceVerifiesAndCoversItsDevice() {
        SasToken token = SasToken.parse(token("127.0.0.1/devices/dev+1", KEY, FUTURE, null));
        assertTrue(token.isSignedWith(KEY));
        assertNull(token.keyName());
        assertEquals("127.0.0.1/devices/dev 1", token.scope());
        assertTrue(token.covers("127.0.0.1/devices/dev 1"));
        assertFalse(token.covers("127.0.0.1/devices/dev 2"));
    }

    @Test
    void nodeDeviceTokenIsSignedOverTheEncodedResource() {
        String encoded = URLEncoder.encode("hub.example.net/devices/dev1", StandardCharsets.UTF_8);
        SasToken token = SasToken.parse(token(encoded, KEY, FUTURE, null));
        assertTrue(token.isSignedWith(KEY));
        assertTrue(token.covers("HUB.example.net/devices/dev1"));
        assertFalse(token.covers("hub.example.net/devices/dev10"));
    }

    @Test
    void javaServiceTokenNamesItsPolicyAndCoversTheWholeHub() {
        String encoded = URLEncoder.encode("127.0.0.1", StandardCharsets.UTF_8);
        SasToken token = SasToken.parse(token(encoded, KEY, FUTURE, "iothubowner"));
        assertEquals("iothubowner", token.keyName());
        assertTrue(token.isSignedWith(KEY));
        assertTrue(token.covers("127.0.0.1"));
        assertTrue(token.covers("127.0.0.1/devices/any"));
        assertFalse(token.covers("127.0.0.10"));
    }

    @Test
    void fieldsMayComeInAnyOrder() {
        String signature = URLEncoder.encode(Base64.getEncoder().encodeToString(SasToken.sign(KEY, "h/devices/d", FUTURE)), StandardCharsets.UTF_8);
        SasToken token = SasToken.parse("SharedAccessSignature se=" + FUTURE + "&skn=device&sig=" + signature + "&sr=h/devices/d");
        assertTrue(token.isSignedWith(KEY));
        assertEquals("device", token.keyName());
    }

    @Test
    void forgedTokenDoesNotVerify() {
        SasToken token = SasToken.parse(token("h/devices/d", OTHER_KEY, FUTURE, null));
        assertFalse(token.isSignedWith(KEY));
    }

    @Test
    void tamperedResourceDoesNotVerify() {
        String genuine = token("h/devices/d1", KEY, FUTURE, null);
        SasToken token = SasToken.parse(genuine.replace("sr=h/devices/d1", "sr=h/devices/d2"));
        assertFalse(token.isSignedWith(KEY));
    }

    @Test
    void expiryIsCheckedAgainstTheClock() {
        long past = Instant.now().minusSeconds(1).getEpochSecond();
        assertTrue(SasToken.parse(token("h", KEY, past, "p")).isExpired(Instant.now()));
        assertFalse(SasToken.parse(token("h", KEY, FUTURE, "p")).isExpired(Instant.now()));
    }

    @Test
    void malformedTokensAreUnauthorized() {
        for (String bad : new String[] {null, "", "Bearer abc", "SharedAccessSignature sr=h&se=1",
                "SharedAccessSignature sr=h&sig=!!&se=1", "SharedAccessSignature sr=h&sig=YQ==&se=soon",
                "SharedAccessSignature sr=h&sig=YQ==&se=1&foo=bar", "SharedAccessSignature garbage"}) {
            HubException e = assertThrows(HubException.class, () -> SasToken.parse(bad), String.valueOf(bad));
            assertEquals(ErrorCode.UNAUTHORIZED, e.errorCode());
        }
    }
}
