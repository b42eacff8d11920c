package org.openiothub.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.twin.JpaTwinRepository;
import org.openiothub.twin.Twin;
import org.openiothub.twin.TwinLimits;

/**
 * Applies entries of a bulk request or an import in one transaction of their own. Every check that can refuse an
 * entry runs before that entry writes anything, and a refusal is returned, never thrown: a {@link HubException}
 * crossing a bean boundary would roll back the entries that succeeded.
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

    /** @return the entries refused, in order; the others are committed when this returns */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<DeviceImportError> apply(List<DeviceImport> entries) {
        List<DeviceImportError> errors = new ArrayList<>();
        Instant now = Instant.now();
        for (DeviceImport entry : entries) {
            try {
                applyOne(entry, now);
            } catch (HubException e) {
                errors.add(DeviceImportError.of(entry.deviceId(), e));
            }
        }
        return errors;
    }

    private void applyOne(DeviceImport entry, Instant now) {
        String deviceId = DeviceIds.require(entry.deviceId());
        Optional<Device> current = registry.find(deviceId);
        ImportMode mode = entry.mode();
        boolean exists = current.isPresent();
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
            requireEtag(entry.eTag(), DeviceRecord.etagOf(current.get().version()), "device");
        }
        if (mode.deletes()) {
            registry.delete(deviceId, null);
            return;
        }
        if (mode == ImportMode.UPDATE_TWIN_IF_MATCH_ETAG) {
            requireEtag(entry.twinETag(), twins.find(deviceId).map(Twin::etag).orElse(null), "twin");
        }
        checkTwinContent(entry);
        if (!mode.twinOnly()) {
            DeviceSpec spec = DeviceSpecs.complete(entry.specOver(current.orElse(null)));
            if (exists) {
                registry.replace(deviceId, spec, null);
            } else {
                registry.create(spec);
            }
        }
        if (entry.writesTwin()) {
            // The twin of a device created just now is still a pending insert: the lock below needs its row.
            em.flush();
            Twin twin = twins.lockForChange(deviceId, now);
            twins.save(twin.importedBy(entry.tags(), entry.desired(), entry.reported(), now));
        }
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
