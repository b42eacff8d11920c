package org.openiothub.registry;

import java.time.Instant;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last known connection state and activity of a device, kept apart from its identity so that it moves no etag. */
@Entity
@Table(name = DeviceConnection.TABLE)
@Cacheable(false)
public class DeviceConnection {

    static final String TABLE = "device_connection";

    @Id
    @Column(name = "device_id", length = 128)
    private String deviceId;

    @Column(nullable = false)
    private boolean connected;

    @Column(name = "state_updated_time")
    private Instant stateUpdatedTime;

    @Column(name = "last_activity_time")
    private Instant lastActivityTime;

    /** The node that holds the connection (or held it last). */
    @Column(name = "node_name", length = 255)
    private String nodeName;

    protected DeviceConnection() {
    }

    DeviceConnection(String deviceId) {
        this.deviceId = deviceId;
    }

    void activity(Instant at) {
        if (lastActivityTime == null || at.isAfter(lastActivityTime)) {
            lastActivityTime = at;
        }
    }

    public String deviceId() {
        return deviceId;
    }

    public boolean connected() {
        return connected;
    }

    public Instant stateUpdatedTime() {
        return stateUpdatedTime;
    }

    public Instant lastActivityTime() {
        return lastActivityTime;
    }

    /** The node holding the connection when {@link #connected}; may be {@code null} in a database from before nodes. */
    public String nodeName() {
        return nodeName;
    }
}
