package org.openiothub.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.config.HubConfig;
import org.openiothub.errors.HubException;

/**
 * Authenticates back ends: a SAS token of a shared access policy, scoped to this hub. A back end sends the same
 * token on every call until it renews it, so a token that passed is remembered, by its exact text, until it expires:
 * its next calls cost a map lookup instead of a parse and an HMAC. Policies and their keys do not change while the
 * hub runs (should they ever, the remembered tokens must be dropped with the change).
 */
@ApplicationScoped
public class ServiceAuthenticator {

    /** More distinct live tokens than this and the memory starts over; real back ends hold a handful. */
    static final int MAX_REMEMBERED_TOKENS = 4096;

    private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();

    @Inject
    AccessPolicies policies;

    @Inject
    HubConfig config;

    /** Tests change it. */
    Clock clock = Clock.systemUTC();

    /**
     * @param authorization the {@code Authorization} header value, may be {@code null}
     * @throws HubException {@code IotHubUnauthorizedAccess} for a missing, malformed, forged, expired or
     *                      out-of-scope token, or one without a policy name
     */
    public ServiceCaller authenticate(String authorization) {
        VerifiedToken known = authorization == null ? null : verified.get(authorization);
        if (known != null && known.expiry() > clock.instant().getEpochSecond()) {
            return known.caller();
        }
        VerifiedToken token = verify(authorization);
        if (verified.size() >= MAX_REMEMBERED_TOKENS) {
            verified.clear();
        }
        verified.put(authorization, token);
        return token.caller();
    }

    private VerifiedToken verify(String authorization) {
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
        return new VerifiedToken(new ServiceCaller(policy.name(), policy.rights()), token.expiry());
    }

    /**
     * Authenticates a token signed Event Hubs style ({@link SasToken#isSignedWithKeyText}) by any of the hub's
     * policies: what the Event Hubs SDKs send for the built-in endpoint. Which resource the token's {@code sr} names is
     * the caller's to check; this checks the policy, the signature and the expiry.
     *
     * @throws HubException {@code IotHubUnauthorizedAccess} for a malformed, forged or expired token, or one without
     *                      a policy name
     */
    public ServiceCaller authenticateSignedWithKeyText(String token) {
        SasToken sas = SasToken.parse(token == null ? null : token.trim());
        if (sas.keyName() == null) {
            throw HubException.unauthorized("The token names no shared access policy (skn).");
        }
        SharedAccessPolicy policy = policies.find(sas.keyName())
                .orElseThrow(() -> HubException.unauthorized("Unknown shared access policy " + sas.keyName() + "."));
        if (!sas.isSignedWithKeyText(policy.primaryKey()) && !sas.isSignedWithKeyText(policy.secondaryKey())) {
            throw HubException.unauthorized("The token's signature does not match policy " + policy.name() + ".");
        }
        requireUnexpired(sas);
        return new ServiceCaller(policy.name(), policy.rights());
    }

    private void requireUnexpired(SasToken token) {
        if (token.isExpired(clock.instant())) {
            throw HubException.unauthorized("The token expired at " + Instant.ofEpochSecond(token.expiry()) + ".");
        }
    }

    private record VerifiedToken(ServiceCaller caller, long expiry) {
    }

    /** The policy that signed {@code token}, checking signature and expiry. */
    SharedAccessPolicy verifiedPolicy(SasToken token) {
        SharedAccessPolicy policy = policies.find(token.keyName())
                .orElseThrow(() -> HubException.unauthorized("Unknown shared access policy " + token.keyName() + "."));
        if (!token.isSignedWith(policy.primaryKey()) && !token.isSignedWith(policy.secondaryKey())) {
            throw HubException.unauthorized("The token's signature does not match policy " + policy.name() + ".");
        }
        requireUnexpired(token);
        return policy;
    }
}
