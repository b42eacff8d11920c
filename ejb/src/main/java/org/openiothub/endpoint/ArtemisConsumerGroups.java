package org.openiothub.endpoint;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSession.QueueQuery;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.logging.Logger;
import org.openiothub.auth.InternalBrokerCredentials;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Consumer groups of the built-in events endpoint: each is a durable queue, named as the group, on the
 * multicast address {@code messages/events}, so every group receives every message and back ends read it at
 * {@code messages/events::<group>}.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ArtemisConsumerGroups {

    public static final String EVENTS_ADDRESS = "messages/events";
    /** IoT Hub's limit of consumer groups on the built-in endpoint, {@code $Default} included. */
    public static final int MAX_GROUPS = 20;

    private static final Logger LOG = Logger.getLogger(ArtemisConsumerGroups.class);

    @Resource(lookup = "java:/jms/hub/GatewayConnectionFactory")
    ConnectionFactory connectionFactory;

    @Inject
    InternalBrokerCredentials credentials;

    private ClientSessionFactory sessions;

    @PostConstruct
    void connect() {
        try {
            sessions = ((ActiveMQConnectionFactory) connectionFactory).getServerLocator().createSessionFactory();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot reach the embedded broker", e);
        }
    }

    @PreDestroy
    void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    public List<String> list() {
        try (ClientSession session = session()) {
            return list(session);
        } catch (ActiveMQException e) {
            throw brokerFailure(e);
        }
    }

    private static List<String> list(ClientSession session) throws ActiveMQException {
        return session.addressQuery(SimpleString.of(EVENTS_ADDRESS)).getQueueNames().stream()
                .map(SimpleString::toString).sorted().toList();
    }

    /**
     * Whether consumer group {@code name} exists, named in any case: Event Hubs readers name groups regardless of case
     * ({@code EventProcessorClient} lowercases the name it is given).
     */
    public boolean exists(String name) {
        try (ClientSession session = session()) {
            return isEventsQueue(session.queueQuery(SimpleString.of(name)))
                    || ConsumerGroupNames.find(name, list(session)).isPresent();
        } catch (ActiveMQException e) {
            throw brokerFailure(e);
        }
    }

    /** @throws HubException {@code ConsumerGroupNotFound} */
    public String get(String name) {
        try (ClientSession session = session()) {
            if (!isEventsQueue(session.queueQuery(SimpleString.of(name)))) {
                throw notFound(name);
            }
            return name;
        } catch (ActiveMQException e) {
            throw brokerFailure(e);
        }
    }

    /**
     * @throws HubException {@code ConsumerGroupAlreadyExists} also when a group of the name in another case exists
     *                      (Event Hubs readers would not tell them apart), or the broker has another queue of that name;
     *                      {@code IotHubQuotaExceeded} when the hub has {@value #MAX_GROUPS} already
     */
    public String create(String name) {
        ConsumerGroupNames.require(name);
        try (ClientSession session = session()) {
            if (session.queueQuery(SimpleString.of(name)).isExists()
                    || ConsumerGroupNames.find(name, list(session)).isPresent()) {
                throw new HubException(ErrorCode.CONSUMER_GROUP_ALREADY_EXISTS, "Consumer group " + name + " already exists.");
            }
            if (list(session).size() >= MAX_GROUPS) {
                throw new HubException(ErrorCode.QUOTA_EXCEEDED, "The built-in endpoint has " + MAX_GROUPS
                        + " consumer groups, IoT Hub's limit: delete one first.");
            }
            session.createQueue(QueueConfiguration.of(name).setAddress(EVENTS_ADDRESS)
                    .setRoutingType(RoutingType.MULTICAST).setDurable(true).setAutoCreated(false));
            LOG.infof("Consumer group created [group: %s]", name);
            return name;
        } catch (ActiveMQException e) {
            throw brokerFailure(e);
        }
    }

    /**
     * @throws HubException {@code ConsumerGroupNotFound}; {@code ArgumentInvalid} for {@code $Default}
     */
    public void delete(String name) {
        if (ConsumerGroupNames.DEFAULT.equals(name)) {
            throw HubException.invalid("The $Default consumer group cannot be deleted.");
        }
        try (ClientSession session = session()) {
            if (!isEventsQueue(session.queueQuery(SimpleString.of(name)))) {
                throw notFound(name);
            }
            session.deleteQueue(SimpleString.of(name));
            LOG.infof("Consumer group deleted [group: %s]", name);
        } catch (ActiveMQException e) {
            throw brokerFailure(e);
        }
    }

    private ClientSession session() throws ActiveMQException {
        return sessions.createSession(credentials.user(), credentials.password(), false, true, true, false, 0);
    }

    private static boolean isEventsQueue(QueueQuery query) {
        return query.isExists() && EVENTS_ADDRESS.equals(String.valueOf(query.getAddress()));
    }

    private static HubException notFound(String name) {
        return new HubException(ErrorCode.CONSUMER_GROUP_NOT_FOUND, "Consumer group " + name + " does not exist.");
    }

    private static HubException brokerFailure(ActiveMQException e) {
        LOG.errorf("Broker operation on consumer groups failed: %s", e.getMessage());
        return new HubException(ErrorCode.SERVER_ERROR, "The broker refused the operation: " + e.getMessage());
    }
}
