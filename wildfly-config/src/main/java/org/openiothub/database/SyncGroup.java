package org.openiothub.database;

import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the store's fsync: every committer waits until a sync that started after its commit has
 * finished, and one sync serves every commit that came before it. While one caller syncs, the others that commit
 * meanwhile wait and are all served by the next sync, so a burst of commits costs a few syncs, not one each.
 */
final class SyncGroup {

    /** Makes every commit finished before the call durable. */
    @FunctionalInterface
    interface Sync {
        void run() throws SQLException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    private long tickets;
    private long synced;
    private boolean syncing;
    private long syncs;

    /**
     * Returns once a sync that started after this call has finished. The caller has committed before calling; it may
     * be the one that runs {@code sync}, with the commits of all callers waiting at that moment.
     *
     * @throws SQLException when the sync this caller ran failed; the callers it would have served run their own
     */
    void awaitSynced(Sync sync) throws SQLException {
        lock.lock();
        try {
            long ticket = ++tickets;
            while (synced < ticket) {
                if (syncing) {
                    done.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long covers = tickets;
                boolean finished = false;
                lock.unlock();
                try {
                    sync.run();
                    finished = true;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (finished) {
                        synced = covers;
                        syncs++;
                    }
                    done.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many syncs have run: fewer than the commits they served when commits come together. */
    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
