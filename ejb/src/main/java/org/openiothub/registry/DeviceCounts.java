package org.openiothub.registry;

import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Counts for {@code /statistics}: the registry by status, and the devices connected now. */
@Stateless
public class DeviceCounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    DeviceConnectionTracker connections;

    public RegistryStatistics registry() {
        List<Object[]> rows = em.createQuery("select d.status, count(d) from Device d group by d.status", Object[].class)
                .getResultList();
        long enabled = 0;
        long disabled = 0;
        for (Object[] row : rows) {
            long count = (Long) row[1];
            if (row[0] == DeviceStatus.DISABLED) {
                disabled += count;
            } else {
                enabled += count;
            }
        }
        return new RegistryStatistics(enabled + disabled, enabled, disabled);
    }

    /** Devices (not modules) with a live connection to this hub. */
    public long connected() {
        return connections.connectedCount();
    }
}
