package org.openiothub.registry.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.openiothub.registry.DeviceRegistry;

/**
 * Writes every device with its twin to the output blob, one JSON line each, in id order. The blob appears whole
 * when the export completes: it is written beside it and moved in place at the end.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeviceFileExporter {

    private static final int PAGE_SIZE = 1000;

    @Inject
    BlobContainers containers;

    @Inject
    DeviceExportPage pages;

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaImportExportJobStore store;

    /** @return a summary for the log */
    public String run(ImportExportJob job) {
        Path container = containers.writable(job.outputBlobContainerUri());
        Path output = container.resolve(job.outputBlobName());
        Path partial = container.resolve(job.outputBlobName() + ".partial");
        long total = Math.max(1, registry.count());
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            String after = null;
            for (List<DeviceExportPage.Line> page = pages.read(null, PAGE_SIZE, job.excludeKeysInExport());
                 !page.isEmpty();
                 page = pages.read(after, PAGE_SIZE, job.excludeKeysInExport())) {
                ServerStopping.requireRunning();
                for (DeviceExportPage.Line line : page) {
                    out.write(line.json().toString());
                    out.newLine();
                }
                written += page.size();
                after = page.get(page.size() - 1).deviceId();
                if (!store.progress(job.jobId(), (int) Math.min(99, written * 100 / total))) {
                    Files.deleteIfExists(partial);
                    return "cancelled after " + written + " devices";
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written + " devices written to " + output;
    }
}
