package org.openiothub.telemetry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.IOCallback;
import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.persistence.OperationContext;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.postoffice.PostOffice;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.RoutingContextImpl;
import org.apache.activemq.artemis.protocol.amqp.broker.AMQPStandardMessage;

/**
 * Puts messages into the broker in their AMQP form, the way its own AMQP protocol does for a producer: each is
 * routed on the lane's ordered executor (routing writes to the journal or a page file, which a caller's event loop
 * must not wait for), under the lane's operation context, whose completion callbacks run in the order the
 * messages were routed once their journal writes are synced. Sends from one thread through one lane are
 * therefore stored, and confirmed, in order.
 */
final class ArtemisSendLane {

    private final PostOffice postOffice;
    private final PagingManager paging;
    private final StorageManager storage;
    private final SimpleString address;
    private final Executor routing;
    private final Executor completions;
    private OperationContext context;
    /** Set when an IO error reached the context: it then drops every later completion, so it is replaced. */
    private volatile boolean contextFailed;

    ArtemisSendLane(ActiveMQServer server, SimpleString address) {
        this.postOffice = server.getPostOffice();
        this.paging = server.getPagingManager();
        this.storage = server.getStorageManager();
        this.address = address;
        this.routing = server.getExecutorFactory().getExecutor();
        this.completions = server.getExecutorFactory().getExecutor();
        this.context = storage.newContext(completions);
    }

    /**
     * Encodes on the calling thread and routes without waiting; the stage completes when the message is in the
     * journal (or in a page file, when the address pages), and exceptionally when it cannot be stored: with
     * {@link StorageFullException} when the disk is over the broker's usage limit ({@code global-max-disk-usage}),
     * which blocks the broker's own producers but not a message routed directly.
     */
    CompletionStage<Void> send(byte[] encodedAmqpMessage) {
        if (paging.isDiskFull()) {
            return CompletableFuture.failedFuture(new StorageFullException(paging.getDiskUsableSpace(), paging.getDiskTotalSpace()));
        }
        Message amqp = new AMQPStandardMessage(0, encodedAmqpMessage, null);
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            routing.execute(() -> route(amqp, stored));
        } catch (RejectedExecutionException e) {
            stored.completeExceptionally(e);
        }
        return stored;
    }

    private void route(Message message, CompletableFuture<Void> stored) {
        if (contextFailed) {
            contextFailed = false;
            context = storage.newContext(completions);
        }
        OperationContext callers = storage.getContext();
        storage.setContext(context);
        try {
            message.setMessageID(storage.generateID());
            message.setAddress(address);
            // A message no queue takes (there is always $Default) is dropped, and confirmed, as IoT Hub does.
            postOffice.route(message, new RoutingContextImpl(null), false);
            storage.afterCompleteOperations(new IOCallback() {
                @Override
                public void done() {
                    stored.complete(null);
                }

                @Override
                public void onError(int errorCode, String errorMessage) {
                    contextFailed = true;
                    stored.completeExceptionally(new ActiveMQException(errorMessage, ActiveMQExceptionType.getType(errorCode)));
                }
            });
        } catch (Exception e) {
            stored.completeExceptionally(e);
        } finally {
            storage.setContext(callers);
        }
    }
}
