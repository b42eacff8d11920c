package org.openiothub.registry.io;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Tells a running job that the server is stopping, from the moment the JVM is asked to stop: the job then ends
 * as failed after its current batch instead of holding up the shutdown, and its committed batches stay. A JVM
 * shutdown hook rather than a bean's {@code @PreDestroy}: the container stops a job's beans only after their
 * running calls return, so a bean-level signal would come too late.
 */
final class ServerStopping {

    private static volatile boolean underWay;
    private static Thread hook;

    private ServerStopping() {
    }

    static synchronized void watch() {
        if (hook == null) {
            hook = new Thread(() -> underWay = true, "import-export-job-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** On undeploy: the hook must not outlive the application's classes. */
    static synchronized void unwatch() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is stopping already: the hook has run
            }
            hook = null;
        }
    }

    static boolean underWay() {
        return underWay;
    }

    /** @throws HubException {@code ServerError} once the server is stopping */
    static void requireRunning() {
        if (underWay) {
            throw new HubException(ErrorCode.SERVER_ERROR, "The hub stopped while the job was running; the devices "
                    + "of the batches it finished are kept. Start a new job to do the rest.");
        }
    }
}
