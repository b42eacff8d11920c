package org.openiothub.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** A hub started by {@link HubLauncher#start}; closing it shuts the server down cleanly. */
public final class RunningHub implements AutoCloseable {

    private final Process process;
    private final Path caCertificate;
    private final Path connectionStringFile;
    private final String eventHubName;
    private String ownerConnectionString;

    RunningHub(Process process, Path caCertificate, Path connectionStringFile, String eventHubName) {
        this.process = process;
        this.caCertificate = caCertificate;
        this.connectionStringFile = connectionStringFile;
        this.eventHubName = eventHubName;
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

    /**
     * What the Event Hubs SDKs read the built-in endpoint with, as IoT Hub's portal shows it:
     * {@code Endpoint=sb://<host>/;SharedAccessKeyName=iothubowner;SharedAccessKey=...;EntityPath=<hub name>}.
     */
    public String eventHubConnectionString() {
        String host = null;
        String key = null;
        for (String part : ownerConnectionString.split(";")) {
            if (part.startsWith("HostName=")) {
                host = part.substring("HostName=".length());
            } else if (part.startsWith("SharedAccessKey=")) {
                key = part.substring("SharedAccessKey=".length());
            }
        }
        return "Endpoint=sb://" + host + "/;SharedAccessKeyName=iothubowner;SharedAccessKey=" + key
                + ";EntityPath=" + eventHubName;
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
     * Kills every process of the server at once ({@code kill -9}), as a crash or a power cut would end it: nothing is
     * shut down, flushed or closed. For tests of what survives a crash.
     */
    public void kill() {
        List<ProcessHandle> processes = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        processes.forEach(ProcessHandle::destroyForcibly);
        try {
            for (ProcessHandle handle : processes) {
                handle.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new LaunchException("The server's processes did not end after kill -9: " + e.getMessage(), e);
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
