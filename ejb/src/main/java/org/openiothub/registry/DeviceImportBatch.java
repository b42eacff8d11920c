package org.openiothub.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.twin.JpaTwinRepository;
import org.openiothub.twin.Twin;
import org.openiothub.twin.TwinLimits;

/**
 * Applies entries of a bulk request or an import in one transaction of their own. Every check that can refuse an
 * entry runs before that entry writes anything, and a refusal is returned, never thrown: a {@link HubException}
 * crossing a bean boundary would roll back the entries that succeeded. Registered devices are read with one
 * query, new ones written together, so that a batch costs a few statements per device, most of them batched.
 */
@Stateless
public class DeviceImportBatch {

    private static final TwinLimits LIMITS = TwinLimits.IOT_HUB;

    @PersistenceContext
    EntityManager em;

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaTwinRepository twins;

    /**
     * @param entries at most one entry per device id
     * @return the entries refused, in order; the others are committed when this returns
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<DeviceImportError> apply(List<DeviceImport> entries) {
        // Every read below concerns one entry's own device, which no other entry of the batch touches, and
        // createAll flushes the new devices before their twins are written. Flushing before each query instead
        // (AUTO) dirty-checks the whole batch's growing context before each per-device index read: quadratic,
        // 100,000 imported devices took over half an hour instead of under a minute.
        em.setFlushMode(FlushModeType.COMMIT);
        twins.batchIndexWrites();
        List<DeviceImportError> errors = new ArrayList<>();
        Instant now = Instant.now();
        Map<String, Device> current = registered(entries);
        List<DeviceSpec> creates = new ArrayList<>();
        List<DeviceImport> twinWrites = new ArrayList<>();
        for (DeviceImport entry : entries) {
            try {
                DeviceSpec create = applyOne(entry, current.get(entry.deviceId()));
                if (create != null) {
                    creates.add(create);
                }
                if (entry.writesTwin() && !entry.mode().deletes()) {
                    twinWrites.add(entry);
                }
            } catch (HubException e) {
                errors.add(DeviceImportError.of(entry.deviceId(), e));
            }
        }
        // New devices go in together, so that their rows are written in JDBC batches.
        registry.createAll(creates);
        for (DeviceImport entry : twinWrites) {
            Twin twin = twins.lockForChange(entry.deviceId(), now);
            twins.save(twin.importedBy(entry.tags(), entry.desired(), entry.reported(), now));
        }
        twins.writeBatchedIndex();
        return errors;
    }

    /** The devices of these entries that are registered, by id: one query for the batch. */
    private Map<String, Device> registered(List<DeviceImport> entries) {
        List<String> ids = entries.stream().map(DeviceImport::deviceId).filter(DeviceIds::isValid).toList();
        Map<String, Device> devices = new HashMap<>();
        if (!ids.isEmpty()) {
            em.createQuery("select d from Device d where d.deviceId in :ids", Device.class)
                    .setParameter("ids", ids)
                    .getResultList()
                    .forEach(device -> devices.put(device.deviceId(), device));
        }
        return devices;
    }

    /**
     * Checks an entry and applies it, except a creation, which is returned to be made with the others.
     *
     * @param current {@code null} when the device is not registered
     */
    private DeviceSpec applyOne(DeviceImport entry, Device current) {
        String deviceId = DeviceIds.require(entry.deviceId());
        ImportMode mode = entry.mode();
        boolean exists = current != null;
        if (mode == ImportMode.CREATE && exists) {
            throw new HubException(ErrorCode.DEVICE_ALREADY_EXISTS, "A device with id " + deviceId + " is already registered.");
        }
        boolean mayCreate = mode == ImportMode.CREATE || mode == ImportMode.CREATE_OR_UPDATE
                || mode == ImportMode.CREATE_OR_UPDATE_IF_MATCH_ETAG;
        if (!exists && !mayCreate) {
            throw HubException.deviceNotFound(deviceId);
        }
        if (exists && (mode == ImportMode.UPDATE_IF_MATCH_ETAG || mode == ImportMode.CREATE_OR_UPDATE_IF_MATCH_ETAG
                || mode == ImportMode.DELETE_IF_MATCH_ETAG)) {
            requireEtag(entry.eTag(), DeviceRecord.etagOf(current.version()), "device");
        }
        if (mode.deletes()) {
            registry.delete(deviceId, null);
            return null;
        }
        if (mode == ImportMode.UPDATE_TWIN_IF_MATCH_ETAG) {
            requireEtag(entry.twinETag(), twins.find(deviceId).map(Twin::etag).orElse(null), "twin");
        }
        checkTwinContent(entry);
        if (mode.twinOnly()) {
            return null;
        }
        DeviceSpec spec = DeviceSpecs.complete(entry.specOver(current));
        if (!exists) {
            return spec;
        }
        registry.replace(deviceId, spec, null);
        return null;
    }

    private static void requireEtag(String given, String actual, String what) {
        String expected = ETags.unquote(given);
        if (expected == null) {
            throw HubException.invalid("An IfMatchETag import mode needs the " + what + "'s etag.");
        }
        if (!"*".equals(expected) && !expected.equals(actual)) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED,
                    "The etag " + expected + " does not match the " + what + "'s current etag.");
        }
    }

    private static void checkTwinContent(DeviceImport entry) {
        if (entry.tags() != null) {
            LIMITS.checkContent("tags", entry.tags());
            LIMITS.checkSize("tags", entry.tags());
        }
        if (entry.desired() != null) {
            LIMITS.checkContent("properties.desired", entry.desired());
            LIMITS.checkSize("properties.desired", entry.desired());
        }
        if (entry.reported() != null) {
            LIMITS.checkContent("properties.reported", entry.reported());
            LIMITS.checkSize("properties.reported", entry.reported());
        }
    }
}
