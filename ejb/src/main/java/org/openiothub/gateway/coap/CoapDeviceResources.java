package org.openiothub.gateway.coap;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.ExtensiblePrincipal;
import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.errors.HubException;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.TwinRequestSequence;
import org.openiothub.telemetry.TelemetryMessage;

/**
 * Everything under {@code /devices}: each request is authorized by the identity the device proved (its DTLS PSK
 * identity, or over plain CoAP a SAS token in the {@code sas} query option), which must be the device (or module) the
 * path names; then it calls one hub service and answers with what it says. Telemetry is answered 2.04 only once
 * stored, as PUBACK is over MQTT.
 */
final class CoapDeviceResources extends CoapResource {

    private static final Logger LOG = Logger.getLogger(CoapDeviceResources.class);

    /** IoT Hub's limit for a device-to-cloud message. */
    static final int MAX_TELEMETRY_BYTES = 256 * 1024;
    /** The query option carrying a SAS token over plain CoAP. */
    static final String SAS_QUERY = "sas";
    static final String REJECT_QUERY = "reject";
    static final String STATUS_QUERY = "status";
    private static final long MAX_ETAG_VERSION = 100_000_000L;

    private final CoapServices services;

    CoapDeviceResources(CoapServices services) {
        super("devices");
        this.services = services;
        setObservable(true);
        // Method requests must not be lost silently to a dropped datagram: notifications are acknowledged.
        setObserveType(Type.CON);
    }

    /** Every path below {@code /devices} is this resource's: the path is parsed per request. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        CoapDevicePath path;
        try {
            path = CoapDevicePath.parse(request.getOptions().getUriPath());
        } catch (IllegalArgumentException e) {
            respond(exchange, ResponseCode.NOT_FOUND, e.getMessage());
            return;
        }
        CompletionStage<DeviceIdentity> authenticated;
        try {
            authenticated = authenticate(request);
        } catch (RejectedExecutionException e) {
            respond(exchange, ResponseCode.SERVICE_UNAVAILABLE, "The hub is too busy; try again");
            return;
        }
        authenticated.whenComplete((device, failure) -> {
            if (failure != null) {
                respond(exchange, ResponseCode.UNAUTHORIZED, unwrap(failure).getMessage());
            } else if (device == null) {
                respond(exchange, ResponseCode.UNAUTHORIZED, "Authenticate with DTLS (PSK) or a SAS token in ?sas=");
            } else if (!path.isOf(device.deviceId(), device.moduleId())) {
                LOG.debugf("[device-id: %s] refused access to %s", device.deviceId(), request.getOptions().getUriPathString());
                respond(exchange, ResponseCode.FORBIDDEN, "A device reaches only its own resources");
            } else {
                try {
                    services.connections().activity(device);
                    serve(exchange, device, path);
                } catch (RejectedExecutionException e) {
                    respond(exchange, ResponseCode.SERVICE_UNAVAILABLE, "The hub is too busy; try again");
                } catch (RuntimeException e) {
                    fail(exchange, device, e);
                }
            }
        });
    }

    private CompletionStage<DeviceIdentity> authenticate(Request request) {
        Principal peer = request.getSourceContext().getPeerIdentity();
        if (peer instanceof ExtensiblePrincipal<?>) {
            return CompletableFuture.completedFuture(CoapDtlsSessions.deviceOf(peer));
        }
        String token = request.getOptions().getUriQuery().stream()
                .filter(query -> query.startsWith(SAS_QUERY + "="))
                .map(query -> query.substring(SAS_QUERY.length() + 1))
                .findFirst().orElse(null);
        if (peer != null || token == null || services.authenticator() == null) {
            return CompletableFuture.completedFuture(null);
        }
        CoapDevicePath path = CoapDevicePath.parse(request.getOptions().getUriPath());
        return CompletableFuture.supplyAsync(() -> services.authenticator().authenticate(path.deviceId(), path.moduleId(), token),
                services.blockingWork());
    }

    private void serve(Exchange exchange, DeviceIdentity device, CoapDevicePath path) {
        Code method = exchange.getRequest().getCode();
        switch (path.resource()) {
            case TELEMETRY -> {
                if (method == Code.POST) {
                    telemetry(exchange, device);
                    return;
                }
            }
            case TWIN -> {
                if (method == Code.GET) {
                    twins(device).get(response -> twinResponse(exchange, response));
                    return;
                }
            }
            case TWIN_REPORTED -> {
                if (method == Code.PATCH) {
                    twins(device).patchReported(exchange.getRequest().getPayload(), null, response -> twinResponse(exchange, response));
                    return;
                }
            }
            case TWIN_DESIRED -> {
                if (method == Code.GET) {
                    observe(exchange, device, DeviceFeature.DESIRED_PROPERTIES);
                    return;
                }
            }
            case METHODS -> {
                if (method == Code.GET) {
                    observe(exchange, device, DeviceFeature.METHODS);
                    return;
                }
            }
            case METHOD_RESPONSE -> {
                if (method == Code.POST) {
                    methodResponse(exchange, device, path.reference());
                    return;
                }
            }
            case DEVICEBOUND -> {
                if (method == Code.GET) {
                    blocking(exchange, device, () -> services.cloudToDevice().nextFor(device.deviceId(),
                            services.cloudToDevice().settings().lockTimeoutFor(null))
                            .map(CoapDeviceResources::deviceBound)
                            .orElseGet(() -> new Response(ResponseCode.CONTENT)));
                    return;
                }
            }
            case DEVICEBOUND_MESSAGE -> {
                if (method == Code.DELETE) {
                    boolean reject = exchange.getRequest().getOptions().getUriQuery().stream()
                            .anyMatch(query -> query.equals(REJECT_QUERY) || query.startsWith(REJECT_QUERY + "="));
                    blocking(exchange, device, () -> {
                        if (reject) {
                            services.cloudToDevice().reject(device.deviceId(), path.reference());
                        } else {
                            services.cloudToDevice().complete(device.deviceId(), path.reference());
                        }
                        return new Response(ResponseCode.DELETED);
                    });
                    return;
                }
            }
            case DEVICEBOUND_ABANDON -> {
                if (method == Code.POST) {
                    blocking(exchange, device, () -> {
                        services.cloudToDevice().abandon(device.deviceId(), path.reference());
                        return new Response(ResponseCode.CHANGED);
                    });
                    return;
                }
            }
        }
        respond(exchange, ResponseCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path.resource());
    }

    /**
     * The first GET with Observe registers the device for a kind of traffic and is answered 2.05 with no payload; each
     * later call, made by the relation, sends the next notification the link holds.
     */
    private void observe(Exchange exchange, DeviceIdentity device, DeviceFeature feature) {
        ObserveRelation relation = exchange.getRelation();
        if (relation == null) {
            respond(exchange, ResponseCode.BAD_OPTION, "Observe this resource (Observe: 0) over DTLS");
            return;
        }
        if (!(exchange.getRequest().getSourceContext().getPeerIdentity() instanceof ExtensiblePrincipal<?>)) {
            respond(exchange, ResponseCode.UNAUTHORIZED, "Observe this resource over DTLS");
            return;
        }
        CoapDeviceLink link = services.links().linkOf(device, this::notify);
        if (!relation.isEstablished()) {
            link.observe(feature, relation);
            exchange.sendResponse(new Response(ResponseCode.CONTENT));
            try {
                services.subscriptions().accept(new DeviceFeatureSubscribed(device, feature));
            } catch (RuntimeException e) {
                LOG.warnf("[device-id: %s] a subscription listener failed: %s", device.deviceId(), e);
            }
            return;
        }
        Response next = link.nextNotification(feature);
        if (next != null) {
            exchange.sendResponse(next);
        }
    }

    /** Sends one relation its next notification, under the resource's next Observe sequence number. */
    private void notify(ObserveRelation relation) {
        changed(candidate -> candidate == relation);
    }

    /** Ends a device's link when it observes nothing any more (it cancelled, or stopped acknowledging). */
    @Override
    public void removeObserveRelation(ObserveRelation relation) {
        super.removeObserveRelation(relation);
        DeviceIdentity device = CoapDtlsSessions.deviceOf(relation.getExchange().getRequest().getSourceContext().getPeerIdentity());
        if (device == null) {
            return;
        }
        services.links().find(device.deviceId(), device.moduleId()).ifPresent(found -> {
            CoapDeviceLink link = (CoapDeviceLink) found;
            if (!link.forget(relation)) {
                services.links().forget(link);
            }
        });
    }

    /** A device's answer to a direct method: its JSON payload, the status in the {@code status} query option (200). */
    private void methodResponse(Exchange exchange, DeviceIdentity device, String requestId) {
        int status = 200;
        for (String query : exchange.getRequest().getOptions().getUriQuery()) {
            if (query.startsWith(STATUS_QUERY + "=")) {
                try {
                    status = Integer.parseInt(query.substring(STATUS_QUERY.length() + 1));
                } catch (NumberFormatException e) {
                    respond(exchange, ResponseCode.BAD_OPTION, "status must be an integer");
                    return;
                }
            }
        }
        services.methods().responded(device, requestId, status, exchange.getRequest().getPayload());
        exchange.sendResponse(new Response(ResponseCode.CHANGED));
    }

    private void telemetry(Exchange exchange, DeviceIdentity device) {
        Request request = exchange.getRequest();
        byte[] body = request.getPayload();
        if (body.length > MAX_TELEMETRY_BYTES) {
            respond(exchange, ResponseCode.REQUEST_ENTITY_TOO_LARGE, "A message is at most " + MAX_TELEMETRY_BYTES + " bytes");
            return;
        }
        List<String> queries = new ArrayList<>(request.getOptions().getUriQuery());
        queries.removeIf(query -> query.startsWith(SAS_QUERY + "="));
        TelemetryMessage message;
        try {
            message = new TelemetryMessage(device, null, body,
                    CoapMessageProperties.of(queries, request.getOptions().getContentFormat()), services.clock().instant());
        } catch (IllegalArgumentException e) {
            respond(exchange, ResponseCode.BAD_OPTION, e.getMessage());
            return;
        }
        CompletionStage<Void> stored;
        try {
            stored = services.telemetry().send(message);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> {
            if (failure == null) {
                exchange.sendResponse(new Response(ResponseCode.CHANGED));
            } else {
                CoapLogger.LOG.telemetryNotStored(device.deviceId(), unwrap(failure).toString());
                respond(exchange, ResponseCode.SERVICE_UNAVAILABLE, "The message could not be stored; send it again");
            }
        });
    }

    private TwinRequestSequence twins(DeviceIdentity device) {
        // CoAP requests are independent: each gets its own sequence, answered on whichever thread completes it.
        return new TwinRequestSequence(services.twins(), services.blockingWork(), Runnable::run, services.clock(), device,
                CoapLogger.LOG::requestFailed);
    }

    private static void twinResponse(Exchange exchange, TwinRequestSequence.Response twin) {
        Response response = new Response(CoapStatus.of(twin.status()));
        if (twin.body() != null && twin.body().length > 0) {
            response.setPayload(twin.body());
            response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        }
        if (twin.version() != null && twin.version() < MAX_ETAG_VERSION) {
            // The reported properties' new $version, as a decimal ETag (at most 8 bytes).
            response.getOptions().addETag(String.valueOf(twin.version()).getBytes(StandardCharsets.US_ASCII));
        }
        exchange.sendResponse(response);
    }

    /**
     * A cloud-to-device message: its body, its lock token in Location-Path (where the device settles it; too long for
     * an ETag), its properties as Location-Query options ({@code $.mid=...}, application properties by name).
     */
    static Response deviceBound(DeviceBoundMessage message) {
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(message.body());
        OptionSet options = response.getOptions();
        options.setLocationPath("messages/devicebound/" + message.lockToken());
        locationQuery(options, "$.mid", message.messageId());
        locationQuery(options, "$.cid", message.correlationId());
        locationQuery(options, "$.to", message.to());
        locationQuery(options, "$.ct", message.contentType());
        locationQuery(options, "$.ce", message.contentEncoding());
        locationQuery(options, "$.exp", message.expiryTime() == null ? null : message.expiryTime().toString());
        locationQuery(options, "iothub-deliverycount", String.valueOf(message.deliveryCount()));
        if (message.applicationProperties() != null) {
            for (Map.Entry<String, String> property : message.applicationProperties().entrySet()) {
                locationQuery(options, property.getKey(), property.getValue());
            }
        }
        return response;
    }

    private static void locationQuery(OptionSet options, String name, String value) {
        if (value != null) {
            options.addLocationQuery(name + "=" + value);
        }
    }

    /** Runs a call that blocks on the database off Californium's threads, and answers with its response. */
    private void blocking(Exchange exchange, DeviceIdentity device, Supplier<Response> call) {
        CompletableFuture.supplyAsync(call, services.blockingWork()).whenComplete((response, failure) -> {
            if (failure == null) {
                exchange.sendResponse(response);
            } else {
                fail(exchange, device, unwrap(failure));
            }
        });
    }

    private static void fail(Exchange exchange, DeviceIdentity device, Throwable failure) {
        if (failure instanceof HubException hub) {
            respond(exchange, CoapStatus.of(hub.errorCode().httpStatus()), hub.errorCode().errorName() + ": " + hub.getMessage());
        } else {
            CoapLogger.LOG.requestFailed(device.deviceId(), failure);
            respond(exchange, ResponseCode.INTERNAL_SERVER_ERROR, "Internal error");
        }
    }

    private static void respond(Exchange exchange, ResponseCode code, String diagnostic) {
        Response response = new Response(code);
        if (diagnostic != null) {
            response.setPayload(diagnostic);
            response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
        exchange.sendResponse(response);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
