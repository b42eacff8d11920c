package org.openiothub.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SAS tokens as the SDKs make them, for the tests that speak the protocols by hand. */
public final class SasTokens {

    private SasTokens() {
    }

    /** A policy token in the Java service SDK's form: {@code sr} is the url-encoded host. */
    public static String policy(String host, String policyName, String key, long validSeconds) {
        String resource = URLEncoder.encode(host.toLowerCase(), StandardCharsets.UTF_8);
        return sign(resource, key, Instant.now().getEpochSecond() + validSeconds) + "&skn=" + policyName;
    }

    /** A device token in the Java device SDK's form: {@code sr=host/devices/id}. */
    static String device(String host, String deviceId, String key) {
        return sign(host + "/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8), key,
                Instant.now().getEpochSecond() + 3600);
    }

    static String sign(String resource, String key, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            byte[] signature = mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return "SharedAccessSignature sr=" + resource + "&sig="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(signature), StandardCharsets.UTF_8) + "&se=" + expiry;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
