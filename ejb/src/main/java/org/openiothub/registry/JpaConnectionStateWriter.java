package org.openiothub.registry;

import java.time.Instant;
import java.util.Map;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Writes connection state and activity off the caller's thread, into the row the registry made with the device. */
@Stateless
public class JpaConnectionStateWriter {

    @PersistenceContext
    EntityManager em;

    @Asynchronous
    public void writeState(String deviceId, boolean connected, Instant at) {
        DeviceConnection connection = em.find(DeviceConnection.class, deviceId);
        if (connection != null) {
            connection.state(connected, at);
        }
    }

    public void writeActivity(Map<String, Instant> lastActivity) {
        lastActivity.forEach((deviceId, at) -> {
            DeviceConnection connection = em.find(DeviceConnection.class, deviceId);
            if (connection != null) {
                connection.activity(at);
            }
        });
    }

    public void delete(String deviceId) {
        DeviceConnection connection = em.find(DeviceConnection.class, deviceId);
        if (connection != null) {
            em.remove(connection);
        }
    }
}
