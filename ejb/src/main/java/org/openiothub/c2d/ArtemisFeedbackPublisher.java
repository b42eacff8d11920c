package org.openiothub.c2d;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.FilterConstants;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.openiothub.auth.InternalBrokerCredentials;
import org.openiothub.cluster.ArtemisClusterBus;
import org.openiothub.messaging.DurableAnycastQueues;

/**
 * Publishes the feedback outbox to the Artemis queue {@value #ADDRESS}, where back ends read it over AMQP as they
 * read the events endpoint. Each batch is one message whose body is IoT Hub's JSON array of records, with content
 * type {@value FeedbackJson#CONTENT_TYPE}. A batch leaves the outbox only after the broker committed it, so
 * feedback survives a crash; a crash between the two may publish a batch twice.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "BrokerCredentialRegistration", "ArtemisClusterBus"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ArtemisFeedbackPublisher {

    public static final String ADDRESS = "messages/servicebound/feedback";
    /** Artemis hands this to AMQP readers as the message's content-type. */
    static final String AMQP_CONTENT_TYPE = "JMS_AMQP_ContentType";
    /** Batches published per tick at most, so that one tick never runs long. */
    static final int MAX_BATCHES_PER_TICK = 50;

    @Resource(lookup = "java:/jms/hub/GatewayConnectionFactory")
    ConnectionFactory connectionFactory;

    @Inject
    InternalBrokerCredentials credentials;

    @EJB
    JpaFeedbackOutbox outbox;

    @Inject
    ArtemisClusterBus cluster;

    private ClientSessionFactory sessions;

    @PostConstruct
    void connect() {
        try {
            sessions = ((ActiveMQConnectionFactory) connectionFactory).getServerLocator().createSessionFactory();
            try (ClientSession session = session(true)) {
                DurableAnycastQueues.ensure(session, ADDRESS);
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot set up the feedback queue on the embedded broker: " + e.getMessage(), e);
        }
        CloudToDeviceLogger.LOG.feedbackPublishing(ADDRESS, JpaFeedbackOutbox.BATCH_SIZE,
                JpaFeedbackOutbox.BATCH_WINDOW.toSeconds());
    }

    @PreDestroy
    void close() {
        if (sessions != null) {
            sessions.close();
            sessions = null;
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void publishDueBatches() {
        if (!cluster.leads()) {
            return; // the outbox is shared: one node of a cluster publishes it, so that no batch goes out twice
        }
        try {
            for (int i = 0; i < MAX_BATCHES_PER_TICK; i++) {
                List<FeedbackRecord> batch = outbox.dueBatch(Instant.now());
                if (batch.isEmpty()) {
                    return;
                }
                publish(batch);
                outbox.remove(batch);
            }
        } catch (ActiveMQException | RuntimeException e) {
            CloudToDeviceLogger.LOG.feedbackNotPublished(ADDRESS, String.valueOf(e.getMessage()));
        }
    }

    private ClientSession session(boolean autoCommit) throws ActiveMQException {
        return sessions.createSession(credentials.user(), credentials.password(), false, autoCommit, true, false, 0);
    }

    private void publish(List<FeedbackRecord> batch) throws ActiveMQException {
        // A transacted session: commit returns once the broker's journal holds the message.
        try (ClientSession session = session(false)) {
            ClientProducer producer = session.createProducer(ADDRESS);
            ClientMessage message = session.createMessage(Message.BYTES_TYPE, true, 0, System.currentTimeMillis(), (byte) 4);
            message.getBodyBuffer().writeBytes(FeedbackJson.of(batch));
            message.putStringProperty(FilterConstants.NATIVE_MESSAGE_ID, UUID.randomUUID().toString());
            message.putStringProperty(AMQP_CONTENT_TYPE, FeedbackJson.CONTENT_TYPE);
            producer.send(message);
            session.commit();
        }
        CloudToDeviceLogger.LOG.debugf("Published a feedback batch of %d records", batch.size());
    }
}
