package org.openiothub.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared access signatures shaped the way the official Java SDKs shape them, so the hub sees the same
 * tokens under load as it does from real clients.
 */
final class SasTokens {

    private SasTokens() {
    }

    /**
     * A hub-wide token for a shared access policy, as the service SDK builds it:
     * {@code sr} is the lower-cased, URL-encoded host name and {@code skn} names the policy.
     *
     * @param expiry unix seconds
     * @throws IllegalArgumentException when {@code base64Key} is not base64
     */
    static String forPolicy(String hostName, String policyName, String base64Key, long expiry) {
        String resource = encode(hostName.toLowerCase(Locale.ROOT));
        return format(resource, base64Key, expiry) + "&skn=" + encode(policyName);
    }

    /**
     * A device token, as the device SDK builds it: {@code sr=<host>/devices/<deviceId>} with only the
     * device id URL-encoded, signed with the device's own key and without {@code skn}.
     *
     * @param expiry unix seconds
     * @throws IllegalArgumentException when {@code base64Key} is not base64
     */
    static String forDevice(String hostName, String deviceId, String base64Key, long expiry) {
        return format(hostName + "/devices/" + encode(deviceId), base64Key, expiry);
    }

    /**
     * An Event Hubs token, as the Event Hubs SDKs build it: {@code sr} is the URL-encoded audience as given (e.g.
     * {@code amqp://<host>/<eh>/ConsumerGroups/<cg>/Partitions/<p>}), signed with the UTF-8 bytes of the key text
     * (not the decoded key), {@code skn} names the policy.
     *
     * @param expiry unix seconds
     */
    static String forEventHub(String audience, String policyName, String keyText, long expiry) {
        String resource = encode(audience);
        return "SharedAccessSignature sr=" + resource
                + "&sig=" + encode(sign(keyText.getBytes(StandardCharsets.UTF_8), resource, expiry))
                + "&se=" + expiry + "&skn=" + encode(policyName);
    }

    /** {@code base64(HMAC-SHA256(base64decode(key), resource + "\n" + expiry))}. */
    static String signature(String resource, String base64Key, long expiry) {
        return sign(Base64.getDecoder().decode(base64Key), resource, expiry);
    }

    private static String sign(byte[] key, String resource, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String format(String resource, String base64Key, long expiry) {
        return "SharedAccessSignature sr=" + resource
                + "&sig=" + encode(signature(resource, base64Key, expiry))
                + "&se=" + expiry;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
