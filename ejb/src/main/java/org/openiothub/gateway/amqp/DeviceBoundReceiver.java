package org.openiothub.gateway.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.openiothub.errors.HubException;

/**
 * A back end's link to {@code /messages/devicebound}: each message is queued for its device as the REST API queues
 * it, and only then (durably queued) accepted; one that cannot be queued is rejected with the condition the
 * service SDKs turn into IoT Hub's exceptions ({@code amqp:not-found} for an unknown device,
 * {@code amqp:resource-limit-exceeded} for a full queue, {@code amqp:link:message-size-exceeded}). Queuing blocks
 * on the database, so it runs on the blocking pool, at most {@value #CREDIT} messages of a link at a time.
 */
final class DeviceBoundReceiver extends StoringReceiver {

    static final int CREDIT = 32;
    /** Beyond the largest body (64 KB) with properties of IoT Hub's limits. */
    static final int MAX_DELIVERY_BYTES = 256 * 1024;

    private final AmqpServices services;

    DeviceBoundReceiver(AmqpServices services, ProtonDriver driver, Receiver receiver) {
        super(driver, receiver, CREDIT, MAX_DELIVERY_BYTES);
        this.services = services;
    }

    @Override
    CompletionStage<?> store(Message message) {
        DeviceBoundMessages.Addressed addressed = DeviceBoundMessages.of(message);
        return CompletableFuture.supplyAsync(
                () -> services.cloudToDeviceQueue().enqueue(addressed.deviceId(), addressed.message()),
                services.blockingWork());
    }

    @Override
    ErrorCondition notStored(Throwable cause) {
        if (!(cause instanceof HubException)) {
            AmqpLogger.LOG.cloudToDeviceNotQueued(String.valueOf(cause));
        }
        return AmqpConditions.of(cause);
    }

    @Override
    String tooLarge() {
        return "A cloud-to-device message with its properties is at most " + MAX_DELIVERY_BYTES + " bytes.";
    }

    @Override
    public String claimKey() {
        return Claim.Service.KEY;
    }
}
