package org.openiothub.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.logging.Logger;
import org.openiothub.auth.InternalBrokerCredentials;
import org.openiothub.config.HubConfig;

/**
 * The nodes of a cluster talk over the Artemis cluster: one multicast address, {@value #ADDRESS}, and on each node a
 * non-durable queue of its own, {@code hub.cluster.<node>}, that takes what other nodes send to all or to it. The
 * broker cluster carries a message to the node whose queue matches, so a message for one node crosses once. Messages
 * are not persisted: what they carry (a call in flight, a notification) is worth nothing after a restart.
 *
 * <p>Each node sends a heartbeat every {@link #HEARTBEAT}; a node not heard from for {@link #NODE_TIMEOUT} has left
 * ({@link NodeLeft}). A hub of one node sets up nothing and sends nothing.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "BrokerCredentialRegistration"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ArtemisClusterBus {

    static final String ADDRESS = "hub.cluster";
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = Logger.getLogger(ArtemisClusterBus.class);
    private static final String KIND = "hubKind";
    private static final String ORIGIN = "hubOrigin";
    private static final String TARGET = "hubTarget";

    @Resource(lookup = "java:/jms/hub/GatewayConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    Executor workers;

    @Inject
    InternalBrokerCredentials credentials;

    @Inject
    HubConfig config;

    @Inject
    ClusterMessageHandler handler;

    @Inject
    Event<NodeLeft> nodesLeft;

    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final long startedNanos = System.nanoTime();
    private String node;
    private ClientSessionFactory sessions;
    private ClientSession sending;
    private volatile ClientProducer producer;
    private ClientSession receiving;

    @PostConstruct
    void connect() {
        if (!config.clustered()) {
            return;
        }
        node = config.nodeName();
        try {
            sessions = ((ActiveMQConnectionFactory) connectionFactory).getServerLocator().createSessionFactory();
            receiving = session();
            SimpleString address = SimpleString.of(ADDRESS);
            if (!receiving.addressQuery(address).isExists()) {
                receiving.createAddress(address, RoutingType.MULTICAST, true);
            }
            SimpleString queue = SimpleString.of(ADDRESS + "." + node);
            if (!receiving.queueQuery(queue).isExists()) {
                receiving.createQueue(QueueConfiguration.of(queue).setAddress(address).setRoutingType(RoutingType.MULTICAST)
                        .setDurable(false).setFilterString(filterFor(node)));
            }
            ClientConsumer consumer = receiving.createConsumer(queue);
            consumer.setMessageHandler(this::received);
            receiving.start();
            sending = session();
            producer = sending.createProducer(ADDRESS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot join the cluster's address " + ADDRESS + " on the embedded broker: "
                    + e.getMessage(), e);
        }
        LOG.infof("Node %s takes messages from the other nodes of the cluster on %s", node, ADDRESS);
        heartbeat();
    }

    @PreDestroy
    void close() {
        producer = null;
        if (sessions != null) {
            sessions.close();
            sessions = null;
        }
    }

    /** Whether this hub is a node of a cluster, so that there are other nodes to tell. */
    public boolean active() {
        return producer != null;
    }

    /** Whether {@code other} was heard from lately. */
    public boolean alive(String other) {
        Long heard = lastHeard.get(other);
        return heard != null && System.nanoTime() - heard < NODE_TIMEOUT.toNanos();
    }

    /**
     * Whether this node does the cluster's work that must be done by one node at a time (publishing the shared
     * feedback outbox): the node whose name sorts first among those heard from lately. A hub of one node always
     * leads; a node that started less than two heartbeats ago, and so may not have heard the others yet, does not.
     */
    public boolean leads() {
        if (!active()) {
            return true;
        }
        if (System.nanoTime() - startedNanos < HEARTBEAT.multipliedBy(2).toNanos()) {
            return false;
        }
        return lastHeard.keySet().stream().filter(this::alive).allMatch(other -> node.compareTo(other) < 0);
    }

    /** Sends to every other node; lost (and logged) when the broker refuses it. */
    public void broadcast(ClusterMessage.Kind kind, Map<String, String> properties, byte[] body) {
        send(new ClusterMessage(kind, node, null, properties, body));
    }

    /** Sends to {@code target} only. */
    public void sendTo(String target, ClusterMessage.Kind kind, Map<String, String> properties, byte[] body) {
        send(new ClusterMessage(kind, node, target, properties, body));
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void heartbeat() {
        if (!active()) {
            return;
        }
        broadcast(ClusterMessage.Kind.HEARTBEAT, Map.of(), null);
        for (Map.Entry<String, Long> heard : lastHeard.entrySet()) {
            if (System.nanoTime() - heard.getValue() >= NODE_TIMEOUT.toNanos() && lastHeard.remove(heard.getKey(), heard.getValue())) {
                LOG.warnf("Node %s has not been heard from for %d s: it left the cluster", heard.getKey(),
                        NODE_TIMEOUT.toSeconds());
                nodesLeft.fire(new NodeLeft(heard.getKey()));
            }
        }
    }

    private void send(ClusterMessage message) {
        if (!active()) {
            return;
        }
        try {
            synchronized (this) {
                ClientMessage out = sending.createMessage(Message.BYTES_TYPE, false);
                out.putStringProperty(KIND, message.kind().name());
                out.putStringProperty(ORIGIN, message.origin());
                if (message.target() != null) {
                    out.putStringProperty(TARGET, message.target());
                }
                message.properties().forEach(out::putStringProperty);
                out.getBodyBuffer().writeBytes(message.body());
                producer.send(out);
            }
        } catch (ActiveMQException | RuntimeException e) {
            LOG.warnf("Could not send %s to %s: %s", message.kind(), message.target() == null ? "the other nodes"
                    : message.target(), e.getMessage());
        }
    }

    private void received(ClientMessage in) {
        try {
            in.acknowledge();
        } catch (ActiveMQException e) {
            LOG.debugf("Could not acknowledge a cluster message: %s", e.getMessage());
        }
        String origin = in.getStringProperty(ORIGIN);
        String kindName = in.getStringProperty(KIND);
        ClusterMessage.Kind kind = Arrays.stream(ClusterMessage.Kind.values())
                .filter(known -> known.name().equals(kindName)).findFirst().orElse(null);
        if (kind == null || origin == null) {
            LOG.warnf("Dropped a message of unknown kind %s from node %s", kindName, origin);
            return;
        }
        lastHeard.put(origin, System.nanoTime());
        if (kind == ClusterMessage.Kind.HEARTBEAT) {
            return;
        }
        Map<String, String> properties = new HashMap<>();
        for (SimpleString name : in.getPropertyNames()) {
            Object value = in.getObjectProperty(name);
            if (value instanceof SimpleString || value instanceof String) {
                properties.put(name.toString(), value.toString());
            }
        }
        byte[] body = new byte[in.getBodyBuffer().readableBytes()];
        in.getBodyBuffer().readBytes(body);
        ClusterMessage message = new ClusterMessage(kind, origin, in.getStringProperty(TARGET), properties, body);
        try {
            workers.execute(() -> handle(message));
        } catch (RejectedExecutionException e) {
            LOG.debugf("Dropped %s from %s: shutting down", kind, origin);
        }
    }

    private void handle(ClusterMessage message) {
        try {
            handler.handle(message);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not act on %s from node %s", message.kind(), message.origin());
        }
    }

    private ClientSession session() throws ActiveMQException {
        return sessions.createSession(credentials.user(), credentials.password(), false, true, true, false, 0);
    }

    /** Messages from other nodes, for every node or for {@code node}. */
    static String filterFor(String node) {
        String quoted = "'" + node.replace("'", "''") + "'";
        return ORIGIN + " <> " + quoted + " AND (" + TARGET + " IS NULL OR " + TARGET + " = " + quoted + ")";
    }
}
