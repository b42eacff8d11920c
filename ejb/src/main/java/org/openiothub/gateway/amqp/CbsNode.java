package org.openiothub.gateway.amqp;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.jboss.logging.Logger;
import org.openiothub.errors.HubException;

/**
 * A connection's {@code $cbs} node: clients put tokens on it ({@code operation=put-token},
 * {@code type=servicebus.windows.net:sastoken}, {@code name=<audience>}, the token as the body) and get an answer
 * whose {@code correlation-id} is the request's {@code message-id}, with an int {@code status-code}: 200, or the
 * HTTP status of what was wrong (400, 401, 404, 500). Answers go out on the {@code $cbs} sending link the reply-to
 * names, else on the one of the same session, else on any.
 */
final class CbsNode {

    private static final Logger LOG = Logger.getLogger(CbsNode.class);
    static final String PUT_TOKEN = "put-token";
    static final String SAS_TOKEN_TYPE = "servicebus.windows.net:sastoken";
    /** How many put-tokens a client may have on their way on one link. */
    private static final int CREDIT = 16;

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Consumer<Claim> claims;
    private final RequestResponseLinks links = new RequestResponseLinks(AmqpAddress.CBS, CREDIT, this::onRequest);

    /** @param claims takes every claim a put-token proved (event loop) */
    CbsNode(AmqpServices services, ProtonDriver driver, Consumer<Claim> claims) {
        this.services = services;
        this.driver = driver;
        this.claims = claims;
    }

    /** Serves a link to {@code $cbs}: requests come on a receiving link, answers go on a sending one. */
    LinkEndpoint attach(Link link) {
        return links.attach(link);
    }

    private void onRequest(Receiver receiver, Message request) {
        Map<String, Object> properties = AmqpMessages.applicationProperties(request);
        Object operation = properties.get("operation");
        Object type = properties.get("type");
        Object name = properties.get("name");
        Object token = request.getBody() instanceof AmqpValue value ? value.getValue() : null;
        if (!PUT_TOKEN.equals(operation)) {
            reply(receiver, request, 400, "The $cbs node serves operation put-token, not " + operation + ".");
            return;
        }
        if (!SAS_TOKEN_TYPE.equals(type)) {
            reply(receiver, request, 400, "Only tokens of type " + SAS_TOKEN_TYPE + " are accepted, not " + type + ".");
            return;
        }
        if (!(name instanceof String audience) || !(token instanceof String sas)) {
            reply(receiver, request, 400, "A put-token needs a string name (the audience) and a string body (the token).");
            return;
        }
        CompletableFuture<Claim> checked;
        try {
            checked = CompletableFuture.supplyAsync(() -> services.tokens().check(audience, sas), services.blockingWork());
        } catch (RejectedExecutionException e) {
            reply(receiver, request, 503, "The hub is too busy to check tokens; try again.");
            return;
        }
        checked.whenComplete((claim, failure) -> driver.execute(() -> onChecked(receiver, request, audience, claim, failure)));
    }

    private void onChecked(Receiver receiver, Message request, String audience, Claim claim, Throwable failure) {
        if (failure == null) {
            claims.accept(claim);
            reply(receiver, request, 200, "OK");
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HubException hub) {
            LOG.debugf("put-token for %s refused: %s", audience, hub.getMessage());
            reply(receiver, request, hub.errorCode().httpStatus(), hub.getMessage());
        } else if (cause instanceof RejectedExecutionException) {
            reply(receiver, request, 503, "The hub is too busy to check tokens; try again.");
        } else {
            AmqpLogger.LOG.tokenCheckFailed(audience, cause);
            reply(receiver, request, 500, "The hub failed to check the token.");
        }
    }

    private void reply(Receiver requests, Message request, int status, String description) {
        links.answer(requests, request, AmqpMessages.answer(request, status, description));
    }
}
