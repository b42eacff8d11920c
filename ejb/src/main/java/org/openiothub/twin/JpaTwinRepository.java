package org.openiothub.twin;

import java.time.Instant;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** Twins in the hub's database, one row per device. Joins the caller's transaction. */
@Stateless
public class JpaTwinRepository {

    @PersistenceContext
    EntityManager em;

    public Optional<Twin> find(String deviceId) {
        return Optional.ofNullable(em.find(TwinDocument.class, deviceId)).map(TwinDocument::read);
    }

    /**
     * The twin, locked until the transaction ends so that concurrent changes queue rather than lose each
     * other's work. A device registered before twins were kept gets its empty twin here.
     */
    public Twin lockForChange(String deviceId, Instant now) {
        TwinDocument document = em.find(TwinDocument.class, deviceId, LockModeType.PESSIMISTIC_WRITE);
        if (document == null) {
            document = new TwinDocument(Twin.empty(deviceId, now));
            em.persist(document);
            em.flush();
        }
        return document.read();
    }

    /** Writes a twin read with {@link #lockForChange} in this transaction. */
    public void save(Twin twin) {
        em.find(TwinDocument.class, twin.deviceId()).write(twin);
    }

    public void create(Twin twin) {
        em.persist(new TwinDocument(twin));
    }

    public void delete(String deviceId) {
        TwinDocument document = em.find(TwinDocument.class, deviceId);
        if (document != null) {
            em.remove(document);
        }
    }
}
