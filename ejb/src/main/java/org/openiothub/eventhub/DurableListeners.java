package org.openiothub.eventhub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Readers waiting for a partition to grow. Whoever sees the partition grow (its writer after a commit, or a watcher of
 * a partition other nodes write) fires them by handing them to this partition's notifier thread: a listener never runs
 * on the writer (a slow reader would delay every producer's acknowledgement) nor under the lock taken to collect them.
 */
public final class DurableListeners implements AutoCloseable {

    private final Object lock = new Object();
    private List<Waiter> waiting = new ArrayList<>();
    private final ExecutorService notifier;

    public DurableListeners(int partition) {
        notifier = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "event-log-notifier-" + partition);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code listener} once on the notifier thread: at once if {@code available} says there are events already,
     * else after the next group commit. Registering first and then looking means a commit in between cannot be missed.
     */
    public void register(Runnable listener, BooleanSupplier available) {
        Waiter waiter = new Waiter(listener);
        synchronized (lock) {
            waiting.add(waiter);
        }
        if (available.getAsBoolean()) {
            boolean mine;
            synchronized (lock) {
                mine = waiting.remove(waiter);
            }
            if (mine) {
                run(waiter);
            }
        }
    }

    /** Whether a reader waits. */
    public boolean anyWaiting() {
        synchronized (lock) {
            return !waiting.isEmpty();
        }
    }

    /** Called after events became durable. */
    public void fire() {
        List<Waiter> ready;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                return;
            }
            ready = waiting;
            waiting = new ArrayList<>();
        }
        ready.forEach(this::run);
    }

    private void run(Waiter waiter) {
        try {
            notifier.execute(waiter.listener);
        } catch (RejectedExecutionException closed) {
            // The log is closing: no reader is waiting for it any more.
        }
    }

    @Override
    public void close() {
        notifier.shutdown();
    }

    /** One registration; compared by identity, so the same listener may wait twice. */
    private static final class Waiter {
        final Runnable listener;

        Waiter(Runnable listener) {
            this.listener = listener;
        }
    }
}
