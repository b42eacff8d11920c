package org.openiothub.eventhub;

import java.io.IOException;
import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
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
import org.openiothub.eventhub.log.EventLog;
import org.openiothub.eventhub.log.LogSettings;

/**
 * The built-in endpoint's log on this node, in {@code <data dir>/eventhub}: opened at start with the hub's name,
 * partition count and retention, closed (after what was queued is durable) at stop. The telemetry path appends to
 * it; the AMQP gateway reads it as the {@link EventHub}.
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

    private EventLog log;

    @PostConstruct
    void open() {
        int days = config.retentionDays();
        try {
            log = EventLog.open(config.dataDir().resolve("eventhub"), config.hubName(), config.partitionCount(),
                    LogSettings.defaults().withRetention(Duration.ofDays(days)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the built-in endpoint's log: " + e.getMessage(), e);
        }
        LOG.infof("Event Hub %s: %d partitions, events kept %d day(s)", log.name(), log.partitionCount(), days);
    }

    @PreDestroy
    void close() {
        if (log != null) {
            log.close();
        }
    }

    /**
     * The log itself, for the telemetry path to append to per message without the container's interceptors in
     * between (call it through the bean once, at start). A device's event goes to its partition; the append's stage
     * completes once it is on disk.
     */
    public EventLog direct() {
        return log;
    }

    /** The log as its readers see it. */
    @Produces
    public EventHub eventHub() {
        return log;
    }
}
