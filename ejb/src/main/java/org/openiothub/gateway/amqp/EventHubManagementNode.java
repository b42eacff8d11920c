package org.openiothub.gateway.amqp;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.openiothub.errors.HubException;
import org.openiothub.eventhub.EventHub;
import org.openiothub.eventhub.EventHub.PartitionState;

/**
 * A connection's Event Hubs management node ({@code $management}): answers {@code operation=READ} of
 * {@code type=com.microsoft:eventhub} (name, creation time, partitions) and {@code com.microsoft:partition} (a
 * partition's bounds) with a map of the exact AMQP types the SDKs cast to: {@code partition_ids} an array of strings,
 * times timestamps, sequence numbers longs, the offset a string. A request is authorised by a claim of the connection
 * covering {@code /<hub name>/$management}, or by its own {@code security_token} (the Java SDK attaches without a
 * put-token). Answers carry an int {@code status-code}: 200, 400, 401, 404 or 500.
 */
final class EventHubManagementNode {

    static final String READ = "READ";
    static final String EVENT_HUB_TYPE = "com.microsoft:eventhub";
    static final String PARTITION_TYPE = "com.microsoft:partition";
    static final String SECURITY_TOKEN = "security_token";
    private static final int CREDIT = 16;

    /** An answer: its status, description and, for 200, its body. */
    record Answer(int status, String description, Map<String, Object> body) {

        static Answer of(int status, String description) {
            return new Answer(status, description, null);
        }
    }

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Function<String, Claim.EventHub> claims;
    private final RequestResponseLinks links = new RequestResponseLinks(AmqpAddress.MANAGEMENT, CREDIT, this::onRequest);

    /** @param claims the connection's valid claim covering an Event Hub path, {@code null} when none does */
    EventHubManagementNode(AmqpServices services, ProtonDriver driver, Function<String, Claim.EventHub> claims) {
        this.services = services;
        this.driver = driver;
        this.claims = claims;
    }

    /** Serves a link to {@code $management}: requests come on a receiving link, answers go on a sending one. */
    LinkEndpoint attach(Link link) {
        return links.attach(link);
    }

    private void onRequest(Receiver receiver, Message request) {
        Map<String, Object> properties = AmqpMessages.applicationProperties(request);
        String resource = "/" + services.hubName() + "/" + AmqpAddress.MANAGEMENT;
        Claim.EventHub claim = claims.apply(resource);
        Object token = properties.get(SECURITY_TOKEN);
        try {
            services.blockingWork().execute(() -> {
                Answer answer = answer(properties, claim, token, resource);
                driver.execute(() -> reply(receiver, request, answer));
            });
        } catch (RejectedExecutionException e) {
            reply(receiver, request, Answer.of(503, "The hub is too busy; try again."));
        }
    }

    /** Off the event loop: authorises the request, then reads what it asks for. */
    private Answer answer(Map<String, Object> properties, Claim.EventHub claim, Object token, String resource) {
        if (claim == null) {
            if (!(token instanceof String text)) {
                return Answer.of(401, "No put-token covers " + resource + " and the request carries no " + SECURITY_TOKEN + ".");
            }
            try {
                if (!services.tokens().checkEventHub(text).covers(resource)) {
                    return Answer.of(401, "The " + SECURITY_TOKEN + " does not cover " + resource + ".");
                }
            } catch (HubException e) {
                return Answer.of(401, e.getMessage());
            }
        }
        try {
            return read(services.eventHub(), services.hubName(), properties);
        } catch (RuntimeException e) {
            AmqpLogger.LOG.eventHubManagementFailed(String.valueOf(properties.get("type")), e);
            return Answer.of(500, "The hub failed to read the Event Hub.");
        }
    }

    /**
     * What a READ asks for.
     *
     * @param hub {@code null} while the hub has no Event Hub: 404
     */
    static Answer read(EventHub hub, String hubName, Map<String, Object> properties) {
        Object operation = properties.get("operation");
        Object type = properties.get("type");
        Object name = properties.get("name");
        if (!READ.equals(operation)) {
            return Answer.of(400, "The $management node serves operation READ, not " + operation + ".");
        }
        if (hub == null || !(name instanceof String entity) || !entity.equalsIgnoreCase(hubName)) {
            return Answer.of(404, EventHubNodes.notFoundDescription(String.valueOf(name)));
        }
        if (EVENT_HUB_TYPE.equals(type)) {
            return new Answer(200, "OK", eventHubProperties(hub, hubName));
        }
        if (PARTITION_TYPE.equals(type)) {
            Object id = properties.get("partition");
            int partition = EventHubNodes.partitionOf(id == null ? null : String.valueOf(id), hub.partitionCount());
            if (partition < 0) {
                return Answer.of(404, EventHubNodes.notFoundDescription(hubName + "/Partitions/" + id));
            }
            return new Answer(200, "OK", partitionProperties(hubName, hub.partition(partition)));
        }
        return Answer.of(400, "The $management node reads " + EVENT_HUB_TYPE + " and " + PARTITION_TYPE + ", not " + type + ".");
    }

    static Map<String, Object> eventHubProperties(EventHub hub, String hubName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", hubName);
        body.put("created_at", Date.from(hub.createdAt()));
        body.put("partition_count", hub.partitionCount());
        // a Java array encodes as an AMQP array, which the Java SDK requires (a list breaks it)
        body.put("partition_ids", IntStream.range(0, hub.partitionCount()).mapToObj(Integer::toString).toArray(String[]::new));
        return body;
    }

    static Map<String, Object> partitionProperties(String hubName, PartitionState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", hubName);
        body.put("partition", Integer.toString(state.partition()));
        body.put("begin_sequence_number", state.beginSequenceNumber());
        body.put("last_enqueued_sequence_number", state.lastEnqueuedSequenceNumber());
        body.put("last_enqueued_offset", Long.toString(state.lastEnqueuedOffset()));
        body.put("last_enqueued_time_utc", Date.from(orEpoch(state.lastEnqueuedTime())));
        body.put("is_partition_empty", state.empty());
        return body;
    }

    /** An empty partition may have no last enqueued time; the SDKs need a timestamp. */
    static Instant orEpoch(Instant time) {
        return time == null ? Instant.EPOCH : time;
    }

    /** The answer message: correlated with the request, the body as an AMQP value when there is one. */
    static Message answerMessage(Message request, Answer answer) {
        Message reply = AmqpMessages.answer(request, answer.status(), answer.description());
        if (answer.body() != null) {
            reply.setBody(new AmqpValue(answer.body()));
        }
        return reply;
    }

    private void reply(Receiver requests, Message request, Answer answer) {
        links.answer(requests, request, answerMessage(request, answer));
    }
}
