package org.openiothub.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.config.HubConfig;
import org.openiothub.errors.HubException;

/** Authenticates back ends: a SAS token of a shared access policy, scoped to this hub. */
@ApplicationScoped
public class ServiceAuthenticator {

    @Inject
    AccessPolicies policies;

    @Inject
    HubConfig config;

    /**
     * @param authorization the {@code Authorization} header value, may be {@code null}
     * @throws HubException {@code IotHubUnauthorizedAccess} for a missing, malformed, forged, expired or
     *                      out-of-scope token, or one without a policy name
     */
    public ServiceCaller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw HubException.unauthorized("The request has no Authorization header with a SharedAccessSignature.");
        }
        SasToken token = SasToken.parse(authorization.trim());
        if (token.keyName() == null) {
            throw HubException.unauthorized("The token names no shared access policy (skn); device tokens cannot call the service API.");
        }
        SharedAccessPolicy policy = verifiedPolicy(token);
        if (config.hostNames().stream().noneMatch(token::covers)) {
            throw HubException.unauthorized("The token's resource " + token.scope() + " is not this hub.");
        }
        return new ServiceCaller(policy.name(), policy.rights());
    }

    /** The policy that signed {@code token}, checking signature and expiry. */
    SharedAccessPolicy verifiedPolicy(SasToken token) {
        SharedAccessPolicy policy = policies.find(token.keyName())
                .orElseThrow(() -> HubException.unauthorized("Unknown shared access policy " + token.keyName() + "."));
        if (!token.isSignedWith(policy.primaryKey()) && !token.isSignedWith(policy.secondaryKey())) {
            throw HubException.unauthorized("The token's signature does not match policy " + policy.name() + ".");
        }
        if (token.isExpired(Instant.now())) {
            throw HubException.unauthorized("The token expired at " + Instant.ofEpochSecond(token.expiry()) + ".");
        }
        return policy;
    }
}
