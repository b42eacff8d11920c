package org.openiothub.realm;

import java.util.Set;

/**
 * The one place where the broker's realm meets the hub application. The realm lives in a WildFly module and
 * is created before any deployment, so the application plugs its verifier in here at start and takes it out
 * when it stops; until then every credential is refused.
 */
public final class MessagingCredentialVerifiers {

    private static final MessagingCredentialVerifier REFUSE_ALL = (user, password) -> Set.of();

    private static volatile MessagingCredentialVerifier current = REFUSE_ALL;

    private MessagingCredentialVerifiers() {
    }

    public static void register(MessagingCredentialVerifier verifier) {
        current = verifier;
    }

    public static void unregister(MessagingCredentialVerifier verifier) {
        if (current == verifier) {
            current = REFUSE_ALL;
        }
    }

    static MessagingCredentialVerifier current() {
        return current;
    }
}
