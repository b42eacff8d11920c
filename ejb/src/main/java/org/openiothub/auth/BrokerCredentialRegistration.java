package org.openiothub.auth;

import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.errors.HubException;
import org.openiothub.realm.MessagingCredentialVerifier;
import org.openiothub.realm.MessagingCredentialVerifiers;

/**
 * Plugs the hub's credential check into the broker's realm: the hub's own internal user gets role {@code hub};
 * a back end that signs in with a policy name and a SAS token of that policy holding ServiceConnect gets
 * role {@code service} (read the events endpoint and the feedback queues).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class BrokerCredentialRegistration {

    static final String HUB_ROLE = "hub";
    static final String SERVICE_ROLE = "service";

    private static final Logger LOG = Logger.getLogger(BrokerCredentialRegistration.class);

    @Inject
    InternalBrokerCredentials internal;

    @Inject
    ServiceAuthenticator services;

    private final MessagingCredentialVerifier verifier = this::rolesOf;

    @PostConstruct
    void register() {
        MessagingCredentialVerifiers.register(verifier);
    }

    @PreDestroy
    void unregister() {
        MessagingCredentialVerifiers.unregister(verifier);
    }

    Set<String> rolesOf(String user, String password) {
        if (internal.matches(user, password)) {
            return Set.of(HUB_ROLE);
        }
        try {
            SasToken token = SasToken.parse(password);
            if (!user.equals(token.keyName())) {
                LOG.debugf("AMQP sign-in refused [user: %s]: the token is not of that policy", user);
                return Set.of();
            }
            ServiceCaller caller = services.authenticate(password);
            return caller.has(AccessRight.ServiceConnect) ? Set.of(SERVICE_ROLE) : Set.of();
        } catch (HubException e) {
            LOG.debugf("AMQP sign-in refused [user: %s]: %s", user, e.getMessage());
            return Set.of();
        }
    }
}
