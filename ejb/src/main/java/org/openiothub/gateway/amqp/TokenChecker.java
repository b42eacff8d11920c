package org.openiothub.gateway.amqp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.openiothub.auth.AccessRight;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.SasToken;
import org.openiothub.auth.ServiceAuthenticator;
import org.openiothub.auth.ServiceCaller;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Checks a put-token: the audience ({@code name}) says what the client claims to be, the token must prove it.
 * {@code <host>} is the hub itself (a shared access policy's token), {@code <host>/devices/{id}} a device and
 * {@code <host>/devices/{id}/modules/{mid}} a module (the device's or module's own key, or a policy holding
 * DeviceConnect). A module's token may come with its device as the audience (the Java SDK's), its resource naming the
 * module. {@code <host>/<hub name>/...} (any scheme, case-insensitive) is the built-in endpoint's Event Hub: a token
 * signed Event Hubs style by a policy holding {@code ServiceConnect}, whose resource is the audience or one of its
 * parents. Blocks on the registry: never call it on an event loop.
 */
final class TokenChecker {

    private final DeviceAuthenticator devices;
    private final ServiceAuthenticator services;
    private final Set<String> hostNames;
    private final String hubName;

    /**
     * @param devices {@code null} when none is deployed: device tokens are then refused
     * @param hubName the Event Hub's name, the first segment of its audiences
     */
    TokenChecker(DeviceAuthenticator devices, ServiceAuthenticator services, Set<String> hostNames, String hubName) {
        this.devices = devices;
        this.services = services;
        this.hostNames = hostNames;
        this.hubName = hubName;
    }

    /**
     * @throws HubException {@code IotHubUnauthorizedAccess} for a token that does not prove the audience,
     *                      {@code DeviceNotFound}/{@code ModuleNotFound} for an unknown identity, {@code ArgumentInvalid}
     *                      for an audience that is not this hub's
     */
    Claim check(String audience, String token) {
        if (token == null || token.isBlank()) {
            throw HubException.unauthorized("The put-token carries no token.");
        }
        String path = pathOf(audience);
        SasToken sas = SasToken.parse(token.trim());
        Instant expiry = Instant.ofEpochSecond(sas.expiry());
        if (path.isEmpty()) {
            return new Claim.Service(services.authenticate(token.trim()), expiry);
        }
        if (isEventHub(path)) {
            Claim.EventHub claim = eventHubClaim(sas, token.trim());
            if (!claim.covers(path)) {
                throw HubException.unauthorized("The token's resource " + sas.scope() + " does not cover " + audience + ".");
            }
            return claim;
        }
        path = narrowedByToken(path, sas);
        String[] segments = path.split("/", -1);
        boolean device = segments.length == 3 && "devices".equals(segments[1]) && !segments[2].isEmpty();
        boolean module = segments.length == 5 && "devices".equals(segments[1]) && !segments[2].isEmpty()
                && "modules".equals(segments[3]) && !segments[4].isEmpty();
        if (!device && !module) {
            throw new HubException(ErrorCode.ARGUMENT_INVALID, "The audience " + audience + " is neither this hub nor one of its devices or modules.");
        }
        if (devices == null) {
            throw HubException.unauthorized("Devices cannot authenticate on this hub.");
        }
        String deviceId = decode(segments[2]);
        String moduleId = module ? decode(segments[4]) : null;
        return new Claim.Device(devices.authenticate(deviceId, moduleId, token.trim()), expiry);
    }

    /**
     * Checks a token an Event Hubs client sends with a request ({@code security_token}) rather than puts: its own
     * resource says what it covers.
     *
     * @throws HubException {@code IotHubUnauthorizedAccess} for a token that is not a valid Event Hub token of this
     *                      hub with {@code ServiceConnect}
     */
    Claim.EventHub checkEventHub(String token) {
        if (token == null || token.isBlank()) {
            throw HubException.unauthorized("The request carries no security_token.");
        }
        return eventHubClaim(SasToken.parse(token.trim()), token.trim());
    }

    private boolean isEventHub(String path) {
        int end = path.indexOf('/', 1);
        String first = end < 0 ? path.substring(1) : path.substring(1, end);
        return first.equalsIgnoreCase(hubName);
    }

    private Claim.EventHub eventHubClaim(SasToken sas, String token) {
        String scope;
        try {
            scope = pathOf(URLDecoder.decode(sas.resource(), StandardCharsets.UTF_8));
        } catch (HubException | IllegalArgumentException e) {
            throw HubException.unauthorized("The token's resource " + sas.resource() + " is not this hub's Event Hub.");
        }
        if (!scope.isEmpty() && !isEventHub(scope)) {
            throw HubException.unauthorized("The token's resource " + sas.resource() + " is not this hub's Event Hub.");
        }
        ServiceCaller caller = services.authenticateSignedWithKeyText(token);
        if (!caller.has(AccessRight.ServiceConnect)) {
            throw HubException.unauthorized("Policy " + caller.policyName() + " lacks ServiceConnect, which reading the Event Hub needs.");
        }
        return new Claim.EventHub(caller, scope.toLowerCase(Locale.ROOT), Instant.ofEpochSecond(sas.expiry()));
    }

    /**
     * The Java device SDK names its device as the audience of a module's token ({@code <host>/devices/{id}}), and
     * the token's resource says which module: a resource below the audience names the identity.
     */
    private static String narrowedByToken(String path, SasToken token) {
        String resource;
        try {
            resource = URLDecoder.decode(token.resource(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
        int slash = resource.indexOf('/', resource.indexOf("://") < 0 ? 0 : resource.indexOf("://") + 3);
        String tokenPath = slash < 0 ? "" : resource.substring(slash);
        return tokenPath.length() > path.length() && tokenPath.startsWith(path + "/") ? tokenPath : path;
    }

    /** The audience without its host (and the scheme some clients put first): "" for the hub itself. */
    private String pathOf(String audience) {
        if (audience == null || audience.isBlank()) {
            throw HubException.invalid("The put-token names no audience.");
        }
        String rest = audience.trim();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        rest = rest.replace("%2F", "/").replace("%2f", "/");
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (!hostNames.contains(host)) {
            throw new HubException(ErrorCode.ARGUMENT_INVALID, "The audience " + audience + " is not this hub.");
        }
        return slash < 0 ? "" : rest.substring(slash);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
