package org.openiothub.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openiothub.errors.HubException;

/**
 * A shared access signature: {@code SharedAccessSignature sr=<resource>&sig=<signature>&se=<expiry>[&skn=<policy>]},
 * fields in any order. The signature is checked over the literal {@code sr} as sent, since SDKs differ in how
 * they encode it; scope checks use its decoded, lower-cased form.
 *
 * @param resource the {@code sr} field exactly as sent
 * @param keyName  the {@code skn} field, or {@code null} for a device-key token
 */
public record SasToken(String resource, byte[] signature, long expiry, String keyName) {

    private static final String PREFIX = "SharedAccessSignature ";

    /**
     * @throws HubException {@code IotHubUnauthorizedAccess} when the text is not a well-formed token
     */
    public static SasToken parse(String text) {
        if (text == null || !text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw HubException.unauthorized("The credential is not a SharedAccessSignature token.");
        }
        String resource = null;
        String signature = null;
        String expiry = null;
        String keyName = null;
        for (String field : text.substring(PREFIX.length()).trim().split("&")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw HubException.unauthorized("Malformed SharedAccessSignature field '" + field + "'.");
            }
            String value = field.substring(eq + 1);
            switch (field.substring(0, eq).trim()) {
                case "sr" -> resource = value;
                case "sig" -> signature = value;
                case "se" -> expiry = value;
                case "skn" -> keyName = percentDecode(value, false);
                default -> throw HubException.unauthorized("Unknown SharedAccessSignature field '" + field + "'.");
            }
        }
        if (resource == null || signature == null || expiry == null) {
            throw HubException.unauthorized("A SharedAccessSignature needs sr, sig and se.");
        }
        try {
            return new SasToken(resource, Base64.getDecoder().decode(percentDecode(signature, false)),
                    Long.parseLong(expiry), keyName == null || keyName.isEmpty() ? null : keyName);
        } catch (IllegalArgumentException e) {
            throw HubException.unauthorized("Malformed SharedAccessSignature sig or se.");
        }
    }

    /** Whether {@code key} (base64, as stored) produced the signature. */
    public boolean isSignedWith(String base64Key) {
        if (base64Key == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(base64Key, resource, expiry), signature);
    }

    /**
     * Whether {@code keyText} produced the signature Event Hubs style: the HMAC key is the UTF-8 bytes of the key as
     * written (base64 text), not the key it decodes to. Only Event Hub audiences accept such tokens.
     */
    public boolean isSignedWithKeyText(String keyText) {
        if (keyText == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac(keyText.getBytes(StandardCharsets.UTF_8), resource, expiry), signature);
    }

    public boolean isExpired(Instant now) {
        return expiry <= now.getEpochSecond();
    }

    /** The {@code sr} field decoded ({@code +} as space) and lower-cased, e.g. {@code host/devices/dev 1}. */
    public String scope() {
        return percentDecode(resource, true).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the token's scope covers {@code target} (compared case-insensitively): the token's resource is
     * the target itself or one of its parents, e.g. a hub-wide {@code host} token covers {@code host/devices/d}.
     */
    public boolean covers(String target) {
        String scope = trimSlash(scope());
        String wanted = trimSlash(target.toLowerCase(Locale.ROOT));
        return wanted.equals(scope) || wanted.startsWith(scope + "/");
    }

    /** The signature IoT Hub expects: base64 HMAC-SHA256 of {@code resource + "\n" + expiry}. */
    public static byte[] sign(String base64Key, String resource, long expiry) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
        return hmac(key, resource, expiry);
    }

    /** The signature Event Hubs expects: HMAC-SHA256 keyed with the UTF-8 bytes of the key text. */
    public static byte[] signWithKeyText(String keyText, String resource, long expiry) {
        return hmac(keyText.getBytes(StandardCharsets.UTF_8), resource, expiry);
    }

    private static byte[] hmac(byte[] key, String resource, long expiry) {
        if (key.length == 0) {
            return new byte[0];
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String trimSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** Percent-decoding; {@code +} means a space only where form encoding is expected (the resource). */
    private static String percentDecode(String value, boolean plusIsSpace) {
        String text = plusIsSpace ? value : value.replace("+", "%2B");
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HubException.unauthorized("Malformed percent-encoding in SharedAccessSignature.");
        }
    }

    @Override
    public String toString() {
        return "SasToken[sr=" + resource + ", se=" + expiry + ", skn=" + keyName + "]";
    }
}
