package org.openiothub.benchmark;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Ends the process (exit status 3) should a run overrun its time bound: a load tool must never hang. */
final class Watchdog {

    static final int OVERRUN_STATUS = 3;

    private Watchdog() {
    }

    /**
     * Starts a daemon thread that, after {@code limitSeconds}, says so on {@code log}, runs {@code beforeExit} (e.g.
     * kills a server the run started) and halts the JVM.
     *
     * @param what the run's name in the message
     */
    static void start(String what, long limitSeconds, PrintStream log, Runnable beforeExit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limitSeconds));
                log.println(what + " exceeded its time bound of " + limitSeconds + " s; exiting");
                beforeExit.run();
                Runtime.getRuntime().halt(OVERRUN_STATUS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** As {@link #start(String, long, PrintStream, Runnable)} with nothing to do before the exit. */
    static void start(String what, long limitSeconds, PrintStream log) {
        start(what, limitSeconds, log, () -> { });
    }
}
