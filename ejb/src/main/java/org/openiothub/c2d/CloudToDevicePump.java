package org.openiothub.c2d;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

/**
 * Moves cloud-to-device messages from the database queues to the attached links of this node. Each device gets
 * one message at a time, in queue order: it is locked, sent, and completed, abandoned or rejected as the device
 * settles it; when the link fails or stays silent for the lock timeout it goes back to the queue (delivery count
 * kept). Database work runs on the managed executor, never on the caller's thread.
 */
@ApplicationScoped
public class CloudToDevicePump implements CloudToDeviceDelivery {

    /** Pause before a device whose link failed a send without closing is tried again. */
    static final long RETRY_MILLIS = 1_000;

    @Inject
    JpaCloudToDeviceQueue queue;

    @Resource
    ManagedScheduledExecutorService executor;

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private long acknowledgementTimeoutMillis;

    @PostConstruct
    void readSettings() {
        acknowledgementTimeoutMillis = queue.settings().lockTimeout().toMillis();
    }

    @Override
    public void attach(DeviceLink link) {
        if (link.identity().moduleId() != null) {
            return;
        }
        Slot slot = new Slot(link);
        Slot replaced = slots.put(slot.deviceId, slot);
        if (replaced != null) {
            replaced.detach();
        }
        kick(slot);
    }

    @Override
    public void detach(DeviceLink link) {
        if (link.identity().moduleId() != null) {
            return;
        }
        Slot slot = slots.get(link.identity().deviceId());
        if (slot != null && slot.link == link && slots.remove(slot.deviceId, slot)) {
            slot.detach();
        }
    }

    void onMessagesWaiting(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceBoundMessagesWaiting waiting) {
        for (String deviceId : waiting.deviceIds()) {
            Slot slot = slots.get(deviceId);
            if (slot != null) {
                kick(slot);
            }
        }
    }

    private void kick(Slot slot) {
        if (slot.claim()) {
            run(() -> deliverNext(slot), 0);
        }
    }

    private void deliverNext(Slot slot) {
        if (!slot.link.accepts(DeviceFeature.CLOUD_TO_DEVICE)) {
            // Closed without being detached, or no longer subscribed: locking a message for it would only count a
            // delivery that cannot happen.
            if (slots.remove(slot.deviceId, slot)) {
                slot.detach();
            }
        }
        if (slot.isDetached()) {
            slot.release();
            return;
        }
        Optional<DeviceBoundMessage> next;
        try {
            next = queue.nextFor(slot.deviceId);
        } catch (RuntimeException e) {
            CloudToDeviceLogger.LOG.deliveryFailed(slot.deviceId, RETRY_MILLIS, String.valueOf(rootCause(e)));
            run(() -> deliverNext(slot), RETRY_MILLIS);
            return;
        }
        if (next.isEmpty()) {
            if (slot.releaseUnlessKicked()) {
                return;
            }
            run(() -> deliverNext(slot), 0);
            return;
        }
        DeviceBoundMessage message = next.get();
        CompletableFuture<DeviceSettlement> acknowledged = new CompletableFuture<>();
        try {
            CompletionStage<DeviceSettlement> sent = slot.link.sendCloudToDeviceMessage(message);
            sent.whenComplete((settlement, failure) -> {
                if (failure == null) {
                    acknowledged.complete(settlement);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        Future<?> timeout = run(() -> acknowledged.completeExceptionally(new TimeoutException(
                "the device did not acknowledge within " + acknowledgementTimeoutMillis + " ms")), acknowledgementTimeoutMillis);
        acknowledged.whenComplete((settlement, failure) -> {
            if (timeout != null) {
                timeout.cancel(false);
            }
            run(() -> settle(slot, message, settlement, failure), 0);
        });
    }

    private void settle(Slot slot, DeviceBoundMessage message, DeviceSettlement settlement, Throwable failure) {
        try {
            if (failure == null && settlement == DeviceSettlement.REJECTED) {
                queue.reject(slot.deviceId, message.lockToken());
            } else if (failure == null && settlement == DeviceSettlement.ABANDONED) {
                queue.abandon(slot.deviceId, message.lockToken());
            } else if (failure == null) {
                queue.complete(slot.deviceId, message.lockToken());
            } else {
                CloudToDeviceLogger.LOG.debugf("[device-id: %s] message %s not acknowledged: %s", slot.deviceId,
                        message.messageId(), rootCause(failure));
                queue.abandon(slot.deviceId, message.lockToken());
            }
        } catch (RuntimeException e) {
            if (isLockLost(e)) {
                CloudToDeviceLogger.LOG.debugf("[device-id: %s] message %s was settled elsewhere: %s", slot.deviceId,
                        message.messageId(), rootCause(e).getMessage());
            } else {
                CloudToDeviceLogger.LOG.deliveryFailed(slot.deviceId, RETRY_MILLIS, String.valueOf(rootCause(e)));
                run(() -> deliverNext(slot), RETRY_MILLIS);
                return;
            }
        }
        if (failure != null && !slot.isDetached()) {
            // The link is still attached but could not deliver: do not spin on it.
            run(() -> deliverNext(slot), RETRY_MILLIS);
        } else {
            deliverNext(slot);
        }
    }

    /** @return the scheduled task, {@code null} when the executor no longer takes tasks */
    private Future<?> run(Runnable task, long delayMillis) {
        try {
            return delayMillis == 0 ? executor.submit(task) : executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The application is stopping; what was in flight goes back to the queue with the next start.
            return null;
        }
    }

    private static boolean isLockLost(Throwable e) {
        Throwable cause = rootCause(e);
        return cause instanceof HubException hub && hub.errorCode() == ErrorCode.DEVICE_MESSAGE_LOCK_LOST;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * A device's attached link and whether a delivery loop runs for it. At most one loop runs per slot; a kick
     * during a run makes the loop look again before it stops.
     */
    private static final class Slot {

        final String deviceId;
        final DeviceLink link;
        private boolean running;
        private boolean kicked;
        private boolean detached;

        Slot(DeviceLink link) {
            this.link = link;
            this.deviceId = link.identity().deviceId();
        }

        /** @return whether the caller now runs the loop */
        synchronized boolean claim() {
            if (detached) {
                return false;
            }
            if (running) {
                kicked = true;
                return false;
            }
            running = true;
            kicked = false;
            return true;
        }

        /** @return {@code true} when the loop stopped; {@code false} when it was kicked and must look again */
        synchronized boolean releaseUnlessKicked() {
            if (kicked && !detached) {
                kicked = false;
                return false;
            }
            running = false;
            return true;
        }

        synchronized void release() {
            running = false;
        }

        synchronized void detach() {
            detached = true;
        }

        synchronized boolean isDetached() {
            return detached;
        }
    }
}
