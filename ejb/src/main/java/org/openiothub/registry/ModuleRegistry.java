package org.openiothub.registry;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Module identities: create, read, replace and delete the modules of a device, with the etag rules of devices. A
 * module lives as long as its device ({@link ModuleLifecycle}).
 */
@Stateless
public class ModuleRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<ModuleCreated> created;

    @Inject
    Event<ModuleDeleted> deleted;

    @Inject
    Event<ModuleAccessRevoked> revoked;

    @Inject
    DeviceConnectionTracker connections;

    /**
     * @throws HubException {@code DeviceNotFound} when the device is not registered, {@code ModuleAlreadyExistsOnDevice},
     *                      {@code ArgumentInvalid} for a bad id, keys or thumbprints
     */
    public ModuleRecord create(ModuleSpec spec) {
        DeviceIds.require(spec.moduleId());
        ModuleSpec complete = spec.complete();
        // Locked so that a module is never added to a device being deleted.
        if (em.find(Device.class, spec.deviceId(), LockModeType.PESSIMISTIC_WRITE) == null) {
            throw HubException.deviceNotFound(spec.deviceId());
        }
        if (em.find(ModuleIdentity.class, ModuleKey.of(spec.deviceId(), spec.moduleId())) != null) {
            throw new HubException(ErrorCode.MODULE_ALREADY_EXISTS_ON_DEVICE, "A module with id " + spec.moduleId()
                    + " is already registered on device " + spec.deviceId() + ".");
        }
        ModuleIdentity module = new ModuleIdentity(spec.deviceId(), spec.moduleId(), newGenerationId());
        module.apply(complete);
        em.persist(module);
        em.flush();
        created.fire(new ModuleCreated(module.deviceId(), module.moduleId()));
        return record(module);
    }

    /**
     * Replaces a module's description.
     *
     * @param ifMatch {@code *}, an etag (quoted or not), or {@code null} for any
     * @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound}, {@code PreconditionFailed} on an etag
     *                      mismatch, {@code ArgumentInvalid}
     */
    public ModuleRecord replace(ModuleSpec spec, String ifMatch) {
        ModuleIdentity module = lockedForChange(spec.deviceId(), spec.moduleId(), ifMatch);
        ModuleSpec complete = spec.complete();
        boolean credentialsChange = complete.credentialsDifferFrom(module);
        module.apply(complete);
        em.flush();
        if (credentialsChange) {
            revoked.fire(new ModuleAccessRevoked(module.deviceId(), module.moduleId(), "the module's credentials changed"));
        }
        return record(module);
    }

    /** @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound} */
    public ModuleRecord get(String deviceId, String moduleId) {
        return record(require(deviceId, moduleId));
    }

    /**
     * The device's modules in id order.
     *
     * @throws HubException {@code DeviceNotFound}
     */
    public List<ModuleRecord> list(String deviceId) {
        requireDevice(deviceId);
        return modulesOf(deviceId).stream().map(this::record).toList();
    }

    /** @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound}, {@code PreconditionFailed} */
    public void delete(String deviceId, String moduleId, String ifMatch) {
        ModuleIdentity module = lockedForChange(deviceId, moduleId, ifMatch);
        em.remove(module);
        deleted.fire(new ModuleDeleted(deviceId, moduleId));
        revoked.fire(new ModuleAccessRevoked(deviceId, moduleId, "the module was deleted"));
    }

    /** Deletes every module of a device, in the transaction deleting the device. */
    public void deleteAllOf(String deviceId) {
        for (ModuleIdentity module : modulesOf(deviceId)) {
            em.remove(module);
            deleted.fire(new ModuleDeleted(deviceId, module.moduleId()));
        }
    }

    /** The module as stored, for authentication; empty when unknown. */
    public Optional<ModuleIdentity> find(String deviceId, String moduleId) {
        return Optional.ofNullable(em.find(ModuleIdentity.class, ModuleKey.of(deviceId, moduleId)));
    }

    /** Every module of every device, in (device id, module id) order: for queries over module twins. */
    public List<ModuleRecord> all() {
        return em.createQuery("select m from ModuleIdentity m order by m.deviceId, m.moduleId", ModuleIdentity.class)
                .getResultList().stream().map(this::record).toList();
    }

    private ModuleRecord record(ModuleIdentity module) {
        return ModuleRecord.of(module, connections.moduleView(module.deviceId(), module.moduleId()));
    }

    private List<ModuleIdentity> modulesOf(String deviceId) {
        return em.createQuery("select m from ModuleIdentity m where m.deviceId = :device order by m.moduleId", ModuleIdentity.class)
                .setParameter("device", deviceId)
                .getResultList();
    }

    private ModuleIdentity lockedForChange(String deviceId, String moduleId, String ifMatch) {
        requireDevice(deviceId);
        ModuleIdentity module = em.find(ModuleIdentity.class, ModuleKey.of(deviceId, moduleId), LockModeType.PESSIMISTIC_WRITE);
        if (module == null) {
            throw HubException.moduleNotFound(deviceId, moduleId);
        }
        String expected = ETags.unquote(ifMatch);
        if (expected != null && !"*".equals(expected) && !expected.equals(DeviceRecord.etagOf(module.version()))) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED,
                    "The etag " + expected + " does not match the module's current etag.");
        }
        return module;
    }

    private ModuleIdentity require(String deviceId, String moduleId) {
        requireDevice(deviceId);
        return find(deviceId, moduleId).orElseThrow(() -> HubException.moduleNotFound(deviceId, moduleId));
    }

    private void requireDevice(String deviceId) {
        if (em.find(Device.class, deviceId) == null) {
            throw HubException.deviceNotFound(deviceId);
        }
    }

    private static String newGenerationId() {
        return String.valueOf(600_000_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 300_000_000_000_000_000L));
    }
}
