package org.openiothub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiothub.config.HubConfig;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class ServiceAuthenticatorTest {

    private static final String KEY = SymmetricKeys.generate();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicInteger policyLookups = new AtomicInteger();
    private final ServiceAuthenticator authenticator = new ServiceAuthenticator();

    @BeforeEach
    void hubWithOnePolicy() {
        SharedAccessPolicy service = new SharedAccessPolicy("service", KEY, SymmetricKeys.generate(),
                EnumSet.of(AccessRight.ServiceConnect));
        authenticator.policies = new AccessPolicies() {
            @Override
            public Optional<SharedAccessPolicy> find(String name) {
                policyLookups.incrementAndGet();
                return Optional.ofNullable(name.equals("service") ? service : null);
            }
        };
        authenticator.config = new HubConfig();
        at(NOW);
    }

    @Test
    void aTokenIsVerifiedOnceAndThenRememberedUntilItExpires() {
        String token = token(KEY, NOW.plusSeconds(60));

        ServiceCaller first = authenticator.authenticate(token);
        ServiceCaller second = authenticator.authenticate(token);

        assertEquals("service", first.policyName());
        assertTrue(first.has(AccessRight.ServiceConnect));
        assertEquals(first, second);
        assertEquals(1, policyLookups.get(), "the second call is answered from memory");

        at(NOW.plusSeconds(60));
        assertRefused(token, "expired");
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        String forged = token(SymmetricKeys.generate(), NOW.plusSeconds(60));

        assertRefused(forged, "signature");
        assertRefused(forged, "signature");
        assertEquals(2, policyLookups.get());
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(token(KEY, NOW.minusSeconds(1)), "expired");
    }

    @Test
    void anEventHubsTokenIsSignedWithTheKeyTextAndOnlyTheEventHubCheckTakesIt() throws Exception {
        String resource = URLEncoder.encode("amqp://127.0.0.1/hub/ConsumerGroups/$Default/Partitions/0", StandardCharsets.UTF_8);
        long expiry = NOW.plusSeconds(60).getEpochSecond();
        // as the Event Hubs SDKs sign: the key text's UTF-8 bytes are the HMAC key
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8)));
        String token = "SharedAccessSignature sr=" + resource + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8)
                + "&se=" + expiry + "&skn=service";

        assertEquals("service", authenticator.authenticateSignedWithKeyText(token).policyName());
        assertRefused(token, "signature");

        HubException iotHubStyle = assertThrows(HubException.class,
                () -> authenticator.authenticateSignedWithKeyText(token(KEY, NOW.plusSeconds(60))));
        assertTrue(iotHubStyle.getMessage().contains("signature"), iotHubStyle.getMessage());

        at(NOW.plusSeconds(61));
        HubException expired = assertThrows(HubException.class, () -> authenticator.authenticateSignedWithKeyText(token));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
    }

    private void at(Instant instant) {
        authenticator.clock = Clock.fixed(instant, ZoneOffset.UTC);
    }

    private void assertRefused(String token, String reason) {
        HubException refused = assertThrows(HubException.class, () -> authenticator.authenticate(token));
        assertEquals(ErrorCode.UNAUTHORIZED, refused.errorCode());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    private static String token(String key, Instant expiry) {
        String resource = "127.0.0.1";
        String signature = Base64.getEncoder().encodeToString(
                SasToken.sign(key, resource, expiry.getEpochSecond()));
        return "SharedAccessSignature sr=" + resource + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8)
                + "&se=" + expiry.getEpochSecond() + "&skn=service";
    }
}
