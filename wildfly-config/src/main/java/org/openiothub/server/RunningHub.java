package org.openiothub.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A hub started by {@link HubLauncher#start}; closing it shuts the server down cleanly. */
public final class RunningHub implements AutoCloseable {

    private final Process process;
    private final Path caCertificate;
    private final Path connectionStringFile;
    private String ownerConnectionString;

    RunningHub(Process process, Path caCertificate, Path connectionStringFile) {
        this.process = process;
        this.caCertificate = caCertificate;
        this.connectionStringFile = connectionStringFile;
    }

    void readConnectionString() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(connectionStringFile) && System.nanoTime() < deadline) {
            HubLauncher.sleep(100);
        }
        try {
            ownerConnectionString = Files.readString(connectionStringFile).trim();
        } catch (IOException e) {
            throw new LaunchException("The hub application did not start: no " + connectionStringFile, e);
        }
    }

    /** {@code HostName=...;SharedAccessKeyName=iothubowner;SharedAccessKey=...} */
    public String ownerConnectionString() {
        return ownerConnectionString;
    }

    /** The CA PEM that clients trust, or {@code null} when the operator supplied the key store. */
    public Path caCertificate() {
        return caCertificate;
    }

    public int awaitExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * Ends the server as a power cut or the kernel's OOM killer would: SIGKILL to every process of its tree (the
     * start script and the JVM it runs), so no shutdown hook runs and nothing is flushed. For crash tests.
     *
     * @return the ids of the processes killed, the start script's last; returns once all of them have exited
     * @throws LaunchException when a process is still there 30 seconds later
     */
    public List<Long> kill() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        List<Long> killed = new ArrayList<>();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new LaunchException("Process " + handle.pid() + " of the hub survived SIGKILL for 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("Interrupted while the hub's processes were being killed", e);
            }
            killed.add(handle.pid());
        }
        return killed;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
