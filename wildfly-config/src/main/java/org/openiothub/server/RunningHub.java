package org.openiothub.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
