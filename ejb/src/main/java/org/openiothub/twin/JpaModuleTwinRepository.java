package org.openiothub.twin;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.registry.ModuleKey;

/**
 * Module twins in the hub's database, one row per module. Joins the caller's transaction. Module twins are not in the
 * property index: queries over {@code devices.modules} read every module twin.
 */
@Stateless
public class JpaModuleTwinRepository {

    @PersistenceContext
    EntityManager em;

    public Optional<Twin> find(String deviceId, String moduleId) {
        return Optional.ofNullable(em.find(ModuleTwinDocument.class, ModuleKey.of(deviceId, moduleId)))
                .map(ModuleTwinDocument::read);
    }

    /** Every stored module twin, by {@link ModuleKey}. */
    public Map<String, Twin> all() {
        Map<String, Twin> twins = new HashMap<>();
        for (ModuleTwinDocument document : em.createQuery("select t from ModuleTwinDocument t",
                ModuleTwinDocument.class).getResultList()) {
            Twin twin = document.read();
            twins.put(ModuleKey.of(twin.deviceId(), document.moduleId()), twin);
        }
        return twins;
    }

    /**
     * The twin, locked until the transaction ends so that concurrent changes queue rather than lose each other's work;
     * a registered module without a stored twin gets its empty twin here.
     */
    public Twin lockForChange(String deviceId, String moduleId, Instant now) {
        ModuleTwinDocument document = em.find(ModuleTwinDocument.class, ModuleKey.of(deviceId, moduleId),
                LockModeType.PESSIMISTIC_WRITE);
        if (document == null) {
            document = new ModuleTwinDocument(moduleId, Twin.empty(deviceId, now));
            em.persist(document);
            em.flush();
        }
        return document.read();
    }

    /** Writes a twin read with {@link #lockForChange} in this transaction. */
    public void save(String moduleId, Twin twin) {
        em.find(ModuleTwinDocument.class, ModuleKey.of(twin.deviceId(), moduleId)).write(twin);
    }

    /** Stores the twin of a module registered in this transaction. */
    public void create(String moduleId, Twin twin) {
        em.persist(new ModuleTwinDocument(moduleId, twin));
    }

    public void delete(String deviceId, String moduleId) {
        ModuleTwinDocument document = em.find(ModuleTwinDocument.class, ModuleKey.of(deviceId, moduleId));
        if (document != null) {
            em.remove(document);
        }
    }
}
