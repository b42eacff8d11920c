package org.openiothub.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.cluster.NodeLeft;
import org.openiothub.config.HubConfig;
import org.openiothub.registry.DeviceRecord.ConnectionView;

/**
 * Keeps {@code connectionState} and {@code lastActivityTime} true without a database write per message: the
 * state of devices connected to this node is held in memory and written through asynchronously; activity is
 * written in batches every 30 seconds. This node answers from memory, so only other nodes see activity that late;
 * a batch holds a device once however often it was active, so at 1,000 busy devices this is 33 row writes a second.
 * Modules' connections are held in memory only, by the node they are connected to: other nodes and a restarted
 * node show a module disconnected, without its last activity.
 *
 * <p>{@code @Local} names the listener a business interface: with {@code @LocalBean} alone the class's interfaces
 * are not, and the gateways would find no {@link DeviceConnectionListener} to inject.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@LocalBean
@Local(DeviceConnectionListener.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeviceConnectionTracker implements DeviceConnectionListener {

    private static final Logger LOG = Logger.getLogger(DeviceConnectionTracker.class);

    private final Map<String, ConnectionView> live = new ConcurrentHashMap<>();
    private final Map<String, Instant> unsavedActivity = new ConcurrentHashMap<>();
    private final Map<String, ConnectionView> liveModules = new ConcurrentHashMap<>();

    @PersistenceContext
    EntityManager em;

    @Inject
    JpaConnectionStateWriter writer;

    @Inject
    HubConfig config;

    @Inject
    Event<DeviceConnected> connectedEvents;

    /**
     * No connection survives a restart of the node that held it: a hub of one node marks every device disconnected,
     * a node of a cluster those it held (and those of a database from before nodes were recorded).
     */
    @PostConstruct
    void markAllDisconnected() {
        writer.closeConnectionsOf(config.clustered() ? config.nodeName() : null, Instant.now());
    }

    /**
     * Marks the devices {@code node} held as disconnected: it left the cluster without closing their connections.
     * Those that connected to another node since are not touched.
     */
    public void onNodeLeft(@Observes NodeLeft left) {
        int closed = writer.closeConnectionsOf(left.node(), Instant.now());
        if (closed > 0) {
            LOG.infof("%d device connections node %s held are marked closed", closed, left.node());
        }
    }

    /**
     * The node of the cluster that holds the device's connection, when it is another node: as last written, so a
     * connection made a moment ago may not show yet. Outside any transaction: it is asked after others commit
     * (a desired change is pushed once its transaction committed).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<String> otherNodeHolding(String deviceId) {
        ConnectionView known = live.get(deviceId);
        if (known != null && known.connected()) {
            return Optional.empty();
        }
        DeviceConnection stored = em.find(DeviceConnection.class, deviceId);
        if (stored == null || !stored.connected() || stored.nodeName() == null
                || stored.nodeName().equals(config.nodeName())) {
            return Optional.empty();
        }
        return Optional.of(stored.nodeName());
    }

    @Override
    public void connected(DeviceIdentity device) {
        if (device.moduleId() == null) {
            changeState(device.deviceId(), true);
        } else {
            Instant now = Instant.now();
            liveModules.put(ModuleKey.of(device.deviceId(), device.moduleId()), new ConnectionView(true, now, now));
        }
        connectedEvents.fire(new DeviceConnected(device.deviceId(), device.moduleId()));
    }

    @Override
    public void disconnected(DeviceIdentity device) {
        if (device.moduleId() == null) {
            changeState(device.deviceId(), false);
        } else {
            Instant now = Instant.now();
            liveModules.computeIfPresent(ModuleKey.of(device.deviceId(), device.moduleId()),
                    (key, view) -> new ConnectionView(false, now, view.lastActivityTime()));
        }
    }

    /** Called for every device message: memory only, so no transaction either. */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void activity(DeviceIdentity device) {
        Instant now = Instant.now();
        if (device.moduleId() != null) {
            liveModules.computeIfPresent(ModuleKey.of(device.deviceId(), device.moduleId()),
                    (key, view) -> new ConnectionView(view.connected(), view.stateUpdatedTime(), now));
            return;
        }
        unsavedActivity.put(device.deviceId(), now);
        live.computeIfPresent(device.deviceId(), (id, view) -> new ConnectionView(view.connected(), view.stateUpdatedTime(), now));
    }

    /** A module's connection as this node knows it. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ConnectionView moduleView(String deviceId, String moduleId) {
        return liveModules.getOrDefault(ModuleKey.of(deviceId, moduleId), ConnectionView.NEVER);
    }

    /** A module deleted, alone or with its device, is forgotten: one created again with its id starts anew. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void onModuleDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ModuleDeleted deleted) {
        liveModules.remove(ModuleKey.of(deleted.deviceId(), deleted.moduleId()));
    }

    /** The device's connection as this node knows it, else as last written. */
    public ConnectionView view(String deviceId) {
        ConnectionView known = live.get(deviceId);
        if (known != null) {
            return known;
        }
        DeviceConnection stored = em.find(DeviceConnection.class, deviceId);
        if (stored == null) {
            return ConnectionView.NEVER;
        }
        Instant pending = unsavedActivity.get(deviceId);
        Instant activity = pending != null ? pending : stored.lastActivityTime();
        return new ConnectionView(stored.connected(), stored.stateUpdatedTime(), activity);
    }

    /** As {@link #view} for several devices, reading those this node does not hold in one query. */
    public Map<String, ConnectionView> views(Collection<String> deviceIds) {
        Map<String, ConnectionView> views = new HashMap<>();
        List<String> notLive = new ArrayList<>();
        for (String deviceId : deviceIds) {
            ConnectionView known = live.get(deviceId);
            if (known != null) {
                views.put(deviceId, known);
            } else {
                notLive.add(deviceId);
            }
        }
        if (!notLive.isEmpty()) {
            for (DeviceConnection stored : em.createQuery("select c from DeviceConnection c where c.deviceId in :ids",
                    DeviceConnection.class).setParameter("ids", notLive).getResultList()) {
                Instant pending = unsavedActivity.get(stored.deviceId());
                views.put(stored.deviceId(), new ConnectionView(stored.connected(), stored.stateUpdatedTime(),
                        pending != null ? pending : stored.lastActivityTime()));
            }
        }
        for (String deviceId : notLive) {
            views.putIfAbsent(deviceId, ConnectionView.NEVER);
        }
        return views;
    }

    /** Devices connected to this node now: what {@code GET /statistics/service} counts. */
    public long connectedCount() {
        return live.values().stream().filter(ConnectionView::connected).count();
    }

    public void forget(String deviceId) {
        live.remove(deviceId);
        unsavedActivity.remove(deviceId);
        writer.delete(deviceId);
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    void flushActivity() {
        if (unsavedActivity.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String deviceId : unsavedActivity.keySet()) {
            Instant at = unsavedActivity.remove(deviceId);
            if (at != null) {
                batch.put(deviceId, at);
            }
        }
        writer.writeActivity(batch);
    }

    private void changeState(String deviceId, boolean connected) {
        Instant now = Instant.now();
        if (!connected && config.clustered()) {
            // The device may be connected to another node by now: what the database says is the truth.
            live.remove(deviceId);
        } else {
            live.compute(deviceId, (id, view) -> new ConnectionView(connected, now,
                    connected ? now : view == null ? null : view.lastActivityTime()));
        }
        if (connected) {
            unsavedActivity.put(deviceId, now);
        }
        writer.writeState(deviceId, connected, config.nodeName(), now);
    }
}
