package org.openiothub.eventhub;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.config.HubConfig;
import org.openiothub.eventhub.database.DatabaseEventHub;
import org.openiothub.eventhub.log.EventLog;
import org.openiothub.eventhub.log.LogSettings;

/**
 * The built-in endpoint's log: on one node in {@code <data dir>/eventhub} ({@link EventLog}), in a cluster in the shared
 * database ({@link DatabaseEventHub}, see {@link HubConfig#eventHubInDatabase}). Opened at start with the hub's name,
 * partition count and retention, closed (after what was queued is durable) at stop. The telemetry path appends to it;
 * the AMQP gateway reads it as the {@link EventHub}.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventHubLog {

    private static final Logger LOG = Logger.getLogger(EventHubLog.class);

    @Inject
    HubConfig config;

    @Resource(lookup = "java:jboss/datasources/HubDS")
    DataSource dataSource;

    private EventHub hub;
    private EventHubWriter writer;
    private AutoCloseable store;

    @PostConstruct
    void open() {
        Duration retention = Duration.ofDays(config.retentionDays());
        try {
            if (config.eventHubInDatabase()) {
                DatabaseEventHub database = DatabaseEventHub.open(dataSource, config.hubName(), config.partitionCount(),
                        retention, Clock.systemUTC());
                hub = database;
                writer = database;
                store = database;
            } else {
                EventLog log = EventLog.open(config.dataDir().resolve("eventhub"), config.hubName(),
                        config.partitionCount(), LogSettings.defaults().withRetention(retention));
                hub = log;
                writer = log;
                store = log;
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot open the built-in endpoint's log: " + e.getMessage(), e);
        }
        LOG.infof("Event Hub %s: %d partitions in %s, events kept %d day(s)", hub.name(), hub.partitionCount(),
                config.eventHubInDatabase() ? "the database" : "the data directory", retention.toDays());
    }

    @PreDestroy
    void close() {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (Exception e) {
            LOG.warnf("The built-in endpoint's log did not close cleanly: %s", e.getMessage());
        }
    }

    /**
     * The log's writer, for the telemetry path to append to per message without the container's interceptors in
     * between (call it through the bean once, at start). A device's event goes to its partition; the append's stage
     * completes once it is durable.
     */
    public EventHubWriter direct() {
        return writer;
    }

    /** The log as its readers see it. */
    @Produces
    public EventHub eventHub() {
        return hub;
    }
}
