package org.openiothub.gateway.amqp;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.FilterConstants;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.openiothub.auth.InternalBrokerCredentials;
import org.openiothub.messaging.DurableAnycastQueues;

/**
 * Reads the service-bound queues of the embedded broker with core sessions of the hub's own credentials. A reader
 * is a consumer without a client-side buffer (window 0), so that it holds only what its AMQP link was given; it
 * acknowledges message by message, and puts back what the link released by closing its consumer, which returns
 * everything unacknowledged to the queue (and the cluster moves it to a node with a reader).
 */
final class ArtemisServiceBoundQueues implements ServiceBoundQueues {

    /** Where the hub will publish file upload notifications; created empty until it does. */
    static final String FILE_NOTIFICATIONS = "messages/servicebound/filenotifications";

    private final ClientSessionFactory sessions;
    private final InternalBrokerCredentials credentials;

    ArtemisServiceBoundQueues(ClientSessionFactory sessions, InternalBrokerCredentials credentials) {
        this.sessions = sessions;
        this.credentials = credentials;
    }

    /** Creates the queues no other part of the hub creates. */
    void ensureQueues() throws ActiveMQException {
        try (ClientSession session = session()) {
            DurableAnycastQueues.ensure(session, FILE_NOTIFICATIONS);
        }
    }

    @Override
    public Reader open(String queue) {
        try {
            return new ArtemisReader(session(), SimpleString.of(queue));
        } catch (ActiveMQException e) {
            throw new IllegalStateException("Cannot read the broker queue " + queue + ": " + e.getMessage(), e);
        }
    }

    private ClientSession session() throws ActiveMQException {
        // acknowledgements take effect one by one, at once (no batching), outside transactions
        return sessions.createSession(credentials.user(), credentials.password(), false, true, true, false, 0);
    }

    private static final class ArtemisReader implements Reader {

        private final ClientSession session;
        private final SimpleString queue;
        private ClientConsumer consumer;

        ArtemisReader(ClientSession session, SimpleString queue) throws ActiveMQException {
            this.session = session;
            this.queue = queue;
            try {
                consumer = consumer();
                session.start();
            } catch (ActiveMQException | RuntimeException e) {
                session.close();
                throw e;
            }
        }

        private ClientConsumer consumer() throws ActiveMQException {
            return session.createConsumer(queue, null, 0, -1, false);
        }

        @Override
        public Taken next() {
            try {
                ClientMessage message = consumer.receiveImmediate();
                if (message == null) {
                    return null;
                }
                byte[] body = new byte[message.getBodyBuffer().readableBytes()];
                message.getBodyBuffer().readBytes(body);
                Object nativeId = message.getObjectProperty(FilterConstants.NATIVE_MESSAGE_ID);
                String messageId = nativeId != null ? nativeId.toString() : String.valueOf(message.getMessageID());
                return new Taken(messageId, body, message);
            } catch (ActiveMQException e) {
                throw new IllegalStateException("Cannot read " + queue + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void acknowledge(Taken message) {
            try {
                ((ClientMessage) message.handle()).individualAcknowledge();
            } catch (ActiveMQException e) {
                // it stays in the queue and goes to the next reader: feedback is at least once
                throw new IllegalStateException("Cannot acknowledge on " + queue + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void putBack() {
            try {
                consumer.close();
                consumer = consumer();
            } catch (ActiveMQException e) {
                throw new IllegalStateException("Cannot put messages back on " + queue + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (ActiveMQException e) {
                // the broker returns what was taken when the session goes, whichever way
            }
        }
    }
}
