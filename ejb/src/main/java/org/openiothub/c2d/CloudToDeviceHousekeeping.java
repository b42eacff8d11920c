package org.openiothub.c2d;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Keeps the queues honest: at start-up the locks of deliveries the last run left in flight are released, and
 * every few seconds lapsed locks go back to their queues and expired messages end (with their feedback).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CloudToDeviceHousekeeping {

    @EJB
    JpaCloudToDeviceQueue queue;

    @PostConstruct
    void releaseLocksOfThePreviousRun() {
        int released = queue.releaseAllLocks();
        if (released > 0) {
            CloudToDeviceLogger.LOG.locksReleased(released);
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void sweep() {
        try {
            queue.sweep();
        } catch (RuntimeException e) {
            // A conflict with a delivery in progress, or the database is away: the next sweep does the work.
            CloudToDeviceLogger.LOG.sweepFailed(String.valueOf(e.getMessage()));
        }
    }
}
