package org.openiothub.auth;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The credentials the hub itself uses on the embedded broker (role {@code hub}). The password is random and
 * lives only in this process, so nothing outside the hub can present it.
 */
@ApplicationScoped
public class InternalBrokerCredentials {

    private static final String USER = "hub-internal";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String password;

    public InternalBrokerCredentials() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        password = Base64.getEncoder().encodeToString(bytes);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    boolean matches(String user, String candidate) {
        return USER.equals(user) && java.security.MessageDigest.isEqual(
                password.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
