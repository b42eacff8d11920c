package org.openiothub.registry;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** The identity registry: create, read, replace and delete devices, with IoT Hub's etag rules. */
@Stateless
public class DeviceRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    DeviceConnectionTracker connections;

    @Inject
    Event<DeviceAccessRevoked> revoked;

    @Inject
    Event<DeviceCreated> created;

    @Inject
    Event<DeviceDeleted> deleted;

    @Inject
    Event<DeviceUpdated> updated;

    @Inject
    DeviceMessageQueues queues;

    /**
     * @throws HubException {@code DeviceAlreadyExists}, or {@code ArgumentInvalid} for a bad id, keys or thumbprints
     */
    public DeviceRecord create(DeviceSpec spec) {
        DeviceIds.require(spec.deviceId());
        DeviceSpec complete = DeviceSpecs.complete(spec);
        if (em.find(Device.class, spec.deviceId()) != null) {
            throw new HubException(ErrorCode.DEVICE_ALREADY_EXISTS, "A device with id " + spec.deviceId() + " is already registered.");
        }
        Device device = new Device(spec.deviceId(), newGenerationId());
        device.apply(complete, java.time.Instant.now());
        em.persist(device);
        // Created with the device, so that connection writers only ever update it.
        em.persist(new DeviceConnection(device.deviceId()));
        em.flush();
        created.fire(new DeviceCreated(device.deviceId()));
        return DeviceRecord.of(device, connections.view(device.deviceId()), 0);
    }

    /**
     * Registers many new devices in the caller's transaction with one flush, so that their rows are written in
     * JDBC batches: for imports. The caller has checked that no id is registered yet or given twice and that
     * every spec is complete (keys filled in); a breach surfaces as a persistence error.
     */
    public void createAll(List<DeviceSpec> completeSpecs) {
        java.time.Instant now = java.time.Instant.now();
        for (DeviceSpec spec : completeSpecs) {
            Device device = new Device(spec.deviceId(), newGenerationId());
            device.apply(spec, now);
            em.persist(device);
            em.persist(new DeviceConnection(device.deviceId()));
            created.fire(new DeviceCreated(device.deviceId()));
        }
        em.flush();
    }

    /**
     * Replaces a device's description.
     *
     * @param ifMatch {@code *}, an etag (quoted or not), or {@code null} for any
     * @throws HubException {@code DeviceNotFound}, {@code PreconditionFailed} on an etag mismatch, {@code ArgumentInvalid}
     */
    public DeviceRecord replace(String deviceId, DeviceSpec spec, String ifMatch) {
        Device device = lockedForChange(deviceId, ifMatch);
        DeviceSpec complete = DeviceSpecs.complete(spec);
        boolean credentialsChange = complete.authenticationType() != device.authenticationType()
                || !Objects.equals(complete.primaryKey(), device.primaryKey())
                || !Objects.equals(complete.secondaryKey(), device.secondaryKey())
                || !Objects.equals(complete.primaryThumbprint(), device.primaryThumbprint())
                || !Objects.equals(complete.secondaryThumbprint(), device.secondaryThumbprint());
        device.apply(complete, java.time.Instant.now());
        em.flush();
        DeviceRecord record = DeviceRecord.of(device, connections.view(deviceId), queues.pendingCount(deviceId));
        updated.fire(new DeviceUpdated(record));
        if (complete.status() == DeviceStatus.DISABLED) {
            revoked.fire(new DeviceAccessRevoked(deviceId, "the device was disabled"));
        } else if (credentialsChange) {
            revoked.fire(new DeviceAccessRevoked(deviceId, "the device's credentials changed"));
        }
        return record;
    }

    /** @throws HubException {@code DeviceNotFound} */
    public DeviceRecord get(String deviceId) {
        return DeviceRecord.of(require(deviceId), connections.view(deviceId), queues.pendingCount(deviceId));
    }

    /** Up to {@code top} devices in id order. */
    public List<DeviceRecord> list(int top) {
        return records(em.createQuery("select d from Device d order by d.deviceId", Device.class)
                .setMaxResults(top)
                .getResultList());
    }

    /**
     * The devices among {@code deviceIds} that exist, in id order, each read with its connection and queue in one
     * query per kind rather than one per device.
     */
    public List<DeviceRecord> records(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        return records(em.createQuery("select d from Device d where d.deviceId in :ids order by d.deviceId", Device.class)
                .setParameter("ids", deviceIds)
                .getResultList());
    }

    /** The ids among {@code deviceIds} of registered devices, read with one query. */
    public Set<String> registeredAmong(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(em.createQuery("select d.deviceId from Device d where d.deviceId in :ids", String.class)
                .setParameter("ids", deviceIds)
                .getResultList());
    }

    /**
     * The ids of up to {@code limit} devices after {@code afterId} in id order, for reading the whole registry a page
     * at a time.
     *
     * @param afterId {@code null} to start at the first device
     */
    public List<String> idsAfter(String afterId, int limit) {
        return em.createQuery("select d.deviceId from Device d where d.deviceId > :after order by d.deviceId", String.class)
                .setParameter("after", afterId == null ? "" : afterId)
                .setMaxResults(limit)
                .getResultList();
    }

    private List<DeviceRecord> records(List<Device> devices) {
        List<String> ids = devices.stream().map(Device::deviceId).toList();
        Map<String, Integer> pending = queues.pendingCounts(ids);
        Map<String, DeviceRecord.ConnectionView> views = connections.views(ids);
        return devices.stream()
                .map(device -> DeviceRecord.of(device, views.get(device.deviceId()),
                        pending.getOrDefault(device.deviceId(), 0)))
                .toList();
    }

    /**
     * Up to {@code max} devices with ids after {@code afterId} in id order, for reading the whole registry page by
     * page; their cloud-to-device counts are not looked up (0).
     *
     * @param afterId {@code null} for the first page
     */
    public List<DeviceRecord> listAfter(String afterId, int max) {
        List<Device> devices = em.createQuery("select d from Device d where d.deviceId > :after order by d.deviceId", Device.class)
                .setParameter("after", afterId == null ? "" : afterId)
                .setMaxResults(max)
                .getResultList();
        return devices.stream()
                .map(device -> DeviceRecord.of(device, connections.view(device.deviceId()), 0))
                .toList();
    }

    /** @throws HubException {@code DeviceNotFound}, {@code PreconditionFailed} */
    public void delete(String deviceId, String ifMatch) {
        Device device = lockedForChange(deviceId, ifMatch);
        queues.deleteQueueOf(deviceId);
        em.remove(device);
        deleted.fire(new DeviceDeleted(deviceId));
        connections.forget(deviceId);
        revoked.fire(new DeviceAccessRevoked(deviceId, "the device was deleted"));
    }

    /** The device as stored, for authentication; empty when unknown. */
    public Optional<Device> find(String deviceId) {
        return Optional.ofNullable(em.find(Device.class, deviceId));
    }

    public long count() {
        return em.createQuery("select count(d) from Device d", Long.class).getSingleResult();
    }

    private Device lockedForChange(String deviceId, String ifMatch) {
        Device device = em.find(Device.class, deviceId, LockModeType.PESSIMISTIC_WRITE);
        if (device == null) {
            throw HubException.deviceNotFound(deviceId);
        }
        String expected = ETags.unquote(ifMatch);
        if (expected != null && !"*".equals(expected) && !expected.equals(DeviceRecord.etagOf(device.version()))) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED,
                    "The etag " + expected + " does not match the device's current etag.");
        }
        return device;
    }

    private Device require(String deviceId) {
        Device device = em.find(Device.class, deviceId);
        if (device == null) {
            throw HubException.deviceNotFound(deviceId);
        }
        return device;
    }

    private static String newGenerationId() {
        return String.valueOf(600_000_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 300_000_000_000_000_000L));
    }
}
