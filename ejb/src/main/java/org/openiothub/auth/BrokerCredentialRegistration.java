package org.openiothub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import org.openiothub.realm.MessagingCredentialVerifier;
import org.openiothub.realm.MessagingCredentialVerifiers;

/**
 * Plugs the hub's verifier into the embedded broker's realm while the application runs: the hub's own
 * {@link InternalBrokerCredentials} get the role {@code hub}; everything else is refused.
 */
@Singleton
@Startup
public class BrokerCredentialRegistration {

    static final String HUB_ROLE = "hub";

    @Inject
    InternalBrokerCredentials credentials;

    private MessagingCredentialVerifier verifier;

    @PostConstruct
    void register() {
        // The realm calls from broker threads: it gets plain values, not the CDI proxy.
        String user = credentials.user();
        byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
        verifier = (candidateUser, candidatePassword) -> user.equals(candidateUser)
                && MessageDigest.isEqual(password, candidatePassword.getBytes(StandardCharsets.UTF_8))
                ? Set.of(HUB_ROLE) : Set.of();
        MessagingCredentialVerifiers.register(verifier);
    }

    @PreDestroy
    void unregister() {
        MessagingCredentialVerifiers.unregister(verifier);
    }
}
