package org.openiothub.realm;

import java.util.Set;

/**
 * Decides who may use the embedded Artemis broker. The hub application registers one with
 * {@link MessagingCredentialVerifiers#register} when it starts; the broker's security realm asks it.
 */
@FunctionalInterface
public interface MessagingCredentialVerifier {

    /**
     * @param user     the SASL or core user name, never {@code null}
     * @param password the password as sent, never {@code null}
     * @return the broker roles of a valid user, or an empty set when the credentials are refused
     */
    Set<String> rolesOf(String user, String password);
}
