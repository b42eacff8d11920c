package org.openiothub.twin;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.query.TwinPropertyDiff;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.twin.JpaTwinPropertyIndex.Part;

/**
 * Twins in the hub's database, one row per device, and the query index over them ({@code twin_property}), written in
 * the same transaction. Joins the caller's transaction. Every write of a twin goes through here, so the index cannot
 * drift from the documents.
 */
@Stateless
public class JpaTwinRepository {

    @PersistenceContext
    EntityManager em;

    @Inject
    JpaTwinPropertyIndex index;

    @Inject
    BatchedTwinIndexWrites batchedIndex;

    public Optional<Twin> find(String deviceId) {
        return Optional.ofNullable(em.find(TwinDocument.class, deviceId)).map(TwinDocument::read);
    }

    /** The stored twins among {@code deviceIds}, read with one query; devices without a twin are absent. */
    public Map<String, Twin> findAll(Collection<String> deviceIds) {
        Map<String, Twin> twins = new HashMap<>();
        if (deviceIds.isEmpty()) {
            return twins;
        }
        for (TwinDocument document : em.createQuery("select t from TwinDocument t where t.deviceId in :ids",
                TwinDocument.class).setParameter("ids", deviceIds).getResultList()) {
            Twin twin = document.read();
            twins.put(twin.deviceId(), twin);
        }
        return twins;
    }

    /**
     * The twin, locked until the transaction ends so that concurrent changes queue rather than lose each
     * other's work. A device registered before twins were kept gets its empty twin here.
     */
    public Twin lockForChange(String deviceId, Instant now) {
        TwinDocument document = em.find(TwinDocument.class, deviceId, LockModeType.PESSIMISTIC_WRITE);
        if (document == null) {
            Twin empty = Twin.empty(deviceId, now);
            document = new TwinDocument(empty);
            em.persist(document);
            em.flush();
            index(empty, Part.BOTH);
        }
        return document.read();
    }

    /**
     * The twins of registered devices, each locked as by {@link #lockForChange}, read with one query; a device
     * without a stored twin gets its empty twin here.
     *
     * @param deviceIds ids of registered devices only
     * @return the twins by device id, one for each id
     */
    public Map<String, Twin> lockAllForChange(Collection<String> deviceIds, Instant now) {
        Map<String, Twin> twins = new HashMap<>();
        if (deviceIds.isEmpty()) {
            return twins;
        }
        for (TwinDocument document : em.createQuery("select t from TwinDocument t where t.deviceId in :ids",
                TwinDocument.class).setParameter("ids", deviceIds).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()) {
            Twin twin = document.read();
            twins.put(twin.deviceId(), twin);
        }
        for (String deviceId : deviceIds) {
            if (!twins.containsKey(deviceId)) {
                twins.put(deviceId, lockForChange(deviceId, now));
            }
        }
        return twins;
    }

    /**
     * Writes twins read with {@link #lockAllForChange} in this transaction, and their index rows by difference with
     * the twins they were: only the rows a change touched are written, and none is read.
     *
     * @param before the twins as read, by device id, for at least every twin in {@code after}
     */
    public void saveAll(Map<String, Twin> before, Collection<Twin> after) {
        Map<String, TwinPropertyDiff> changes = new LinkedHashMap<>();
        for (Twin twin : after) {
            em.find(TwinDocument.class, twin.deviceId()).write(twin);
            changes.put(twin.deviceId(), TwinPropertyDiff.between(
                    JpaTwinPropertyIndex.twinRows(before.get(twin.deviceId())), JpaTwinPropertyIndex.twinRows(twin)));
        }
        index.writeChanges(changes);
    }

    /** Writes a twin read with {@link #lockForChange} in this transaction. */
    public void save(Twin twin) {
        em.find(TwinDocument.class, twin.deviceId()).write(twin);
        index(twin, Part.TWIN);
    }

    /** Stores the twin of a device registered in this transaction (or before), and indexes its query document. */
    public void create(Twin twin) {
        em.persist(new TwinDocument(twin));
        index(twin, Part.BOTH);
    }

    public void delete(String deviceId) {
        TwinDocument document = em.find(TwinDocument.class, deviceId);
        if (document != null) {
            em.remove(document);
        }
        index.delete(deviceId);
    }

    /**
     * For a transaction that writes many devices: from now its index writes are only noted, and
     * {@link #writeBatchedIndex} makes them together, which must come before the transaction ends.
     */
    public void batchIndexWrites() {
        batchedIndex.start();
    }

    /** Writes the index rows of every device noted since {@link #batchIndexWrites}, from their documents as they stand. */
    public void writeBatchedIndex() {
        batchedIndex.write();
    }

    /** Brings the index rows of the registry entry's fields in step after the device's description changed. */
    public void indexDevice(DeviceRecord device) {
        // Only the registry entry's rows are written, so the twin's own content does not matter here.
        Twin placeholder = Twin.empty(device.deviceId(), Instant.now());
        index.write(device.deviceId(), new DeviceTwin(device, placeholder).toJson(), Part.DEVICE);
    }

    /**
     * Indexes up to {@code limit} devices whose documents have no index rows, such as devices registered before the
     * index existed, in this transaction.
     *
     * @return how many were indexed; 0 when every device is
     */
    public int indexUnindexed(int limit) {
        List<Device> devices = em.createQuery("select d from Device d where not exists (select p from TwinProperty p"
                + " where p.deviceId = d.deviceId and p.path = 'deviceId') order by d.deviceId", Device.class)
                .setMaxResults(limit)
                .getResultList();
        Map<String, Twin> twins = findAll(devices.stream().map(Device::deviceId).toList());
        for (Device device : devices) {
            Twin twin = twins.getOrDefault(device.deviceId(), Twin.empty(device.deviceId(), Instant.now()));
            index.write(device.deviceId(), new DeviceTwin(DeviceRecord.identityOf(device), twin).toJson(), Part.BOTH);
        }
        return devices.size();
    }

    /** The registry entry is read from this transaction's context, where the caller has usually just read it. */
    private void index(Twin twin, Part part) {
        Device device = em.find(Device.class, twin.deviceId());
        if (device != null) {
            index.write(twin.deviceId(), new DeviceTwin(DeviceRecord.identityOf(device), twin).toJson(), part);
        }
        // else the device is being deleted, and its rows with it
    }
}
