package org.openiothub.job;

import java.time.Instant;

import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Starts jobs when they are due, at most {@link JobSettings#maxRunning()} at once (the others wait as
 * {@code queued}), resumes running jobs whose node stopped, and once a day removes jobs past their history.
 * Non-persistent timers: the database, not the timer service, says what is due, so a missed tick loses nothing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobScheduler {

    @EJB
    JpaScheduledJobs store;

    @Inject
    JobRunner runner;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void startDueJobs() {
        try {
            Instant now = Instant.now();
            long free = runner.settings().maxRunning() - store.runningCount(now);
            for (String jobId : store.runnable(now)) {
                if (free <= 0) {
                    break;
                }
                if (store.claim(jobId, runner.node(), now, now.plus(JobRunner.LEASE))) {
                    runner.start(jobId);
                    free--;
                }
            }
            store.queueDue(now);
        } catch (RuntimeException e) {
            // The database is away or another node raced us: the next tick looks again.
            ScheduledJobLogger.LOG.schedulerFailed(String.valueOf(e.getMessage()));
        }
    }

    @Schedule(hour = "3", minute = "17", persistent = false)
    void purgeHistory() {
        try {
            int purged = store.purgeEndedBefore(Instant.now().minus(runner.settings().history()));
            if (purged > 0) {
                ScheduledJobLogger.LOG.purged(purged, runner.settings().history().toString());
            }
        } catch (RuntimeException e) {
            ScheduledJobLogger.LOG.schedulerFailed(String.valueOf(e.getMessage()));
        }
    }
}
