package org.openiothub.telemetry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;
import org.openiothub.endpoint.ArtemisEventsEndpoint;

/**
 * One core session and its producer. Core sessions are not thread-safe, so a lane sends for one thread at a
 * time; the broker confirms a session's sends in the order they were made.
 */
final class ArtemisSendLane implements AutoCloseable {

    private static final byte DEFAULT_PRIORITY = 4;

    private final ClientSession session;
    private final ClientProducer producer;

    private ArtemisSendLane(ClientSession session, ClientProducer producer) {
        this.session = session;
        this.producer = producer;
    }

    /** Opens a session; blocks on a round trip to the broker. */
    static ArtemisSendLane open(ClientSessionFactory factory, String user, String password, SimpleString address)
            throws ActiveMQException {
        ClientSession session = factory.createSession(user, password, false, true, true, false,
                factory.getServerLocator().getAckBatchSize());
        try {
            return new ArtemisSendLane(session, session.createProducer(address));
        } catch (ActiveMQException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    synchronized void ensureEventsEndpoint() throws ActiveMQException {
        ArtemisEventsEndpoint.ensure(session);
    }

    boolean isOpen() {
        return !session.isClosed();
    }

    /**
     * Sends without waiting; the stage completes when the broker confirms that the message is in its journal.
     *
     * @throws ActiveMQException when the session cannot take the message (it is then useless)
     */
    synchronized CompletionStage<Void> send(TelemetryMessage message) throws ActiveMQException {
        ClientMessage core = session.createMessage(Message.BYTES_TYPE, true,
                ArtemisTelemetryMessages.expiration(message), ArtemisTelemetryMessages.timestamp(message),
                DEFAULT_PRIORITY);
        ArtemisTelemetryMessages.write(message, core);
        Confirmation confirmation = new Confirmation();
        producer.send(core, confirmation);
        return confirmation;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (ActiveMQException e) {
            // closing for good: nothing left to do with it
        }
    }

    /**
     * Artemis may report one send twice (its per-message response and its confirmation window both do), so
     * completing an already completed stage must be harmless, as it is here.
     */
    private static final class Confirmation extends CompletableFuture<Void> implements SendAcknowledgementHandler {

        @Override
        public void sendAcknowledged(Message message) {
            complete(null);
        }

        @Override
        public void sendFailed(Message message, Exception e) {
            completeExceptionally(e);
        }
    }
}
