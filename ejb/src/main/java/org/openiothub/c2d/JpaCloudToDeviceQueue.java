package org.openiothub.c2d;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.config.HubConfig;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceMessageQueues;

/**
 * The per-device cloud-to-device queues, in the database: what services send, what devices are given, and how
 * each message ends. Every change of state and the feedback record it calls for are written in one transaction.
 */
@Stateless
@LocalBean
@Local(DeviceMessageQueues.class)
public class JpaCloudToDeviceQueue implements DeviceMessageQueues {

    /** Messages one sweep ends or unlocks at most; the rest wait for the next sweep. */
    static final int SWEEP_BATCH = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    HubConfig config;

    @Inject
    Event<DeviceBoundMessagesWaiting> waiting;

    private CloudToDeviceSettings settings;

    @PostConstruct
    void readSettings() {
        settings = CloudToDeviceSettings.from(config);
    }

    public CloudToDeviceSettings settings() {
        return settings;
    }

    /**
     * Queues a message for a device; a connected device gets it once the transaction commits.
     *
     * @return the message id, the sender's or a generated one
     * @throws HubException {@code DeviceNotFound}, {@code DeviceMaximumQueueDepthExceeded}, {@code MessageTooLarge},
     *                      {@code ArgumentInvalid} for an expiry outside the hub's time-to-live limits
     */
    public String enqueue(String deviceId, CloudToDeviceMessage message) {
        settings.requireSize(message.body().length);
        Instant now = Instant.now();
        Instant expiry = settings.expiryFor(message.expiryTime(), now);
        // The device row serializes concurrent senders, so that the cap holds exactly.
        Device device = em.find(Device.class, deviceId, LockModeType.PESSIMISTIC_WRITE);
        if (device == null) {
            throw HubException.deviceNotFound(deviceId);
        }
        settings.requireRoom(deviceId, pendingCount(deviceId));
        String messageId = message.messageId() != null ? message.messageId() : UUID.randomUUID().toString();
        em.persist(new QueuedMessage(deviceId, device.generationId(), messageId, message, now, expiry));
        waiting.fire(new DeviceBoundMessagesWaiting(Set.of(deviceId)));
        CloudToDeviceLogger.LOG.debugf("[device-id: %s] cloud-to-device message %s queued (expires %s, ack %s)",
                deviceId, messageId, expiry, message.ack().wireName());
        return messageId;
    }

    /**
     * Locks the device's oldest waiting message for one delivery attempt; it stays invisible for the lock timeout
     * unless completed, abandoned or rejected by its lock token. Expired messages met on the way are ended.
     *
     * @return empty when nothing waits
     */
    public Optional<DeviceBoundMessage> nextFor(String deviceId) {
        return nextFor(deviceId, settings.lockTimeout());
    }

    /**
     * {@link #nextFor(String)} with a lock of {@code lockTimeout} rather than the hub's, as a polling device asks.
     *
     * @param lockTimeout positive; see {@link CloudToDeviceSettings#lockTimeoutFor}
     */
    public Optional<DeviceBoundMessage> nextFor(String deviceId, Duration lockTimeout) {
        Instant now = Instant.now();
        for (QueuedMessage lapsed : em.createQuery("select m from QueuedMessage m where m.deviceId = :device"
                        + " and m.state = :state and m.lockedUntil <= :now", QueuedMessage.class)
                .setParameter("device", deviceId)
                .setParameter("state", MessageState.INVISIBLE)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()) {
            unlock(lapsed, now);
        }
        while (true) {
            List<QueuedMessage> next = em.createQuery("select m from QueuedMessage m where m.deviceId = :device"
                            + " and m.state = :state order by m.sequence", QueuedMessage.class)
                    .setParameter("device", deviceId)
                    .setParameter("state", MessageState.ENQUEUED)
                    .setMaxResults(1)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            QueuedMessage message = next.get(0);
            if (message.isExpired(now)) {
                message.expire();
                end(message, now);
                continue;
            }
            return Optional.of(message.lock(UUID.randomUUID().toString(), now, lockTimeout));
        }
    }

    /** The device took the message. @throws HubException {@code DeviceMessageLockLost} */
    public void complete(String deviceId, String lockToken) {
        Instant now = Instant.now();
        QueuedMessage message = locked(deviceId, lockToken, now);
        message.complete();
        end(message, now);
    }

    /**
     * The device gave the message back (or could not be reached): it waits again, or is dead after its last
     * delivery.
     *
     * @throws HubException {@code DeviceMessageLockLost}
     */
    public void abandon(String deviceId, String lockToken) {
        Instant now = Instant.now();
        if (unlock(locked(deviceId, lockToken, now), now) == MessageState.ENQUEUED) {
            waiting.fire(new DeviceBoundMessagesWaiting(Set.of(deviceId)));
        }
    }

    /** The device refused the message for good. @throws HubException {@code DeviceMessageLockLost} */
    public void reject(String deviceId, String lockToken) {
        Instant now = Instant.now();
        QueuedMessage message = locked(deviceId, lockToken, now);
        message.reject();
        end(message, now);
    }

    /**
     * Empties a device's queue, locked messages included; each one's sender hears {@code Purged} if it asked.
     *
     * @return how many messages were purged
     * @throws HubException {@code DeviceNotFound}
     */
    public int purge(String deviceId) {
        if (em.find(Device.class, deviceId, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw HubException.deviceNotFound(deviceId);
        }
        Instant now = Instant.now();
        List<QueuedMessage> messages = em.createQuery("select m from QueuedMessage m where m.deviceId = :device"
                        + " order by m.sequence", QueuedMessage.class)
                .setParameter("device", deviceId)
                .getResultList();
        for (QueuedMessage message : messages) {
            message.purge();
            end(message, now);
        }
        CloudToDeviceLogger.LOG.purged(deviceId, messages.size());
        return messages.size();
    }

    @Override
    public int pendingCount(String deviceId) {
        // Messages leave the table when they end, so every row is pending.
        return em.createQuery("select count(m) from QueuedMessage m where m.deviceId = :device", Long.class)
                .setParameter("device", deviceId)
                .getSingleResult().intValue();
    }

    @Override
    public Map<String, Integer> pendingCounts(Collection<String> deviceIds) {
        Map<String, Integer> counts = new HashMap<>();
        if (deviceIds.isEmpty()) {
            return counts;
        }
        for (Object[] row : em.createQuery("select m.deviceId, count(m) from QueuedMessage m"
                        + " where m.deviceId in :devices group by m.deviceId", Object[].class)
                .setParameter("devices", deviceIds)
                .getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).intValue());
        }
        return counts;
    }

    @Override
    public void deleteQueueOf(String deviceId) {
        int deleted = em.createQuery("delete from QueuedMessage m where m.deviceId = :device")
                .setParameter("device", deviceId)
                .executeUpdate();
        if (deleted > 0) {
            CloudToDeviceLogger.LOG.debugf("[device-id: %s] %d cloud-to-device messages dropped with the device", deviceId, deleted);
        }
    }

    /**
     * Returns messages whose lock lapsed to their queues (or ends them after their last delivery), and ends
     * expired messages. Devices with messages ready again are announced.
     */
    public void sweep() {
        Instant now = Instant.now();
        Set<String> ready = new LinkedHashSet<>();
        for (QueuedMessage lapsed : em.createQuery("select m from QueuedMessage m where m.state = :state"
                        + " and m.lockedUntil <= :now order by m.sequence", QueuedMessage.class)
                .setParameter("state", MessageState.INVISIBLE)
                .setParameter("now", now)
                .setMaxResults(SWEEP_BATCH)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()) {
            if (unlock(lapsed, now) == MessageState.ENQUEUED) {
                ready.add(lapsed.deviceId());
            }
        }
        List<QueuedMessage> expired = em.createQuery("select m from QueuedMessage m where m.state = :state"
                        + " and m.expiryTime <= :now order by m.sequence", QueuedMessage.class)
                .setParameter("state", MessageState.ENQUEUED)
                .setParameter("now", now)
                .setMaxResults(SWEEP_BATCH)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        for (QueuedMessage message : expired) {
            message.expire();
            end(message, now);
        }
        if (!expired.isEmpty()) {
            CloudToDeviceLogger.LOG.debugf("%d cloud-to-device messages expired", expired.size());
        }
        if (!ready.isEmpty()) {
            waiting.fire(new DeviceBoundMessagesWaiting(ready));
        }
    }

    /**
     * Gives every locked message back to its queue. No device connection survives a restart, so the locks of the
     * deliveries in flight when the hub stopped are void.
     *
     * @return how many locks were released
     */
    public int releaseAllLocks() {
        Instant now = Instant.now();
        List<QueuedMessage> locked = em.createQuery("select m from QueuedMessage m where m.state = :state",
                        QueuedMessage.class)
                .setParameter("state", MessageState.INVISIBLE)
                .getResultList();
        for (QueuedMessage message : locked) {
            unlock(message, now);
        }
        return locked.size();
    }

    private QueuedMessage locked(String deviceId, String lockToken, Instant now) {
        List<QueuedMessage> found = em.createQuery("select m from QueuedMessage m where m.lockToken = :token"
                        + " and m.deviceId = :device", QueuedMessage.class)
                .setParameter("token", lockToken)
                .setParameter("device", deviceId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (found.isEmpty() || !found.get(0).isLockedBy(lockToken, now)) {
            throw new HubException(ErrorCode.DEVICE_MESSAGE_LOCK_LOST, "The lock " + lockToken
                    + " is not held on any message of device " + deviceId + ": it lapsed, or the message was settled or purged.");
        }
        return found.get(0);
    }

    /** Back to the queue, or dead after its last delivery; ended at once when it also expired meanwhile. */
    private MessageState unlock(QueuedMessage message, Instant now) {
        MessageState state = message.release(settings.maxDeliveryCount(), now);
        if (state.isFinal()) {
            end(message, now);
        }
        return state;
    }

    /** A message in a final state leaves its queue; its feedback, if asked for, enters the outbox. */
    private void end(QueuedMessage message, Instant now) {
        FeedbackRecord feedback = message.feedback(now);
        if (feedback != null) {
            em.persist(feedback);
        }
        em.remove(message);
        CloudToDeviceLogger.LOG.debugf("[device-id: %s] cloud-to-device message %s ended %s after %d deliveries",
                message.deviceId(), message.messageId(), message.state(), message.deliveryCount());
    }
}
