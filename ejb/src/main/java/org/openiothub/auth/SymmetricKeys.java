package org.openiothub.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates and checks the base64 symmetric keys of devices and policies. */
public final class SymmetricKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SymmetricKeys() {
    }

    /** A new 256-bit key, base64 encoded, as IoT Hub generates them. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Whether {@code key} is base64 of 16 to 64 bytes, the lengths IoT Hub accepts. */
    public static boolean isValid(String key) {
        if (key == null) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(key).length;
            return length >= 16 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
