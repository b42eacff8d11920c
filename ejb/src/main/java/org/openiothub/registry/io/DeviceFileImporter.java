package org.openiothub.registry.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.BulkRegistry;
import org.openiothub.registry.DeviceImport;
import org.openiothub.registry.DeviceImportError;

/**
 * Reads an import file (IoT Hub's JSON lines, one device a line) and applies it in batches, each committed on its
 * own so that progress shows and a refused device costs only itself. Refused devices and unreadable lines go to
 * {@code importErrors.log} in the output container, one JSON object a line, as IoT Hub writes them.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeviceFileImporter {

    static final String ERRORS_BLOB_NAME = "importErrors.log";

    /** Devices per transaction: large enough for JDBC batching to pay, small enough for progress to move. */
    static final int BATCH_SIZE = 500;

    @Inject
    BlobContainers containers;

    @Inject
    BulkRegistry bulk;

    @Inject
    JpaImportExportJobStore store;

    /** @return a summary for the log */
    public String run(ImportExportJob job) {
        Path input = containers.existing(job.inputBlobContainerUri()).resolve(job.inputBlobName());
        Path errorsFile = containers.writable(job.outputBlobContainerUri()).resolve(ERRORS_BLOB_NAME);
        long total = countLines(input);
        long read = 0;
        long refused = 0;
        int lastPercent = 0;
        try (BufferedReader lines = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             BufferedWriter errors = Files.newBufferedWriter(errorsFile, StandardCharsets.UTF_8)) {
            List<DeviceImport> batch = new ArrayList<>(BATCH_SIZE);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                read++;
                try {
                    batch.add(ExportImportDeviceJson.parse(line));
                } catch (HubException e) {
                    refused += write(errors, List.of(new DeviceImportError(idOf(line), e.errorCode(),
                            "Line " + read + ": " + e.getMessage())));
                }
                if (batch.size() == BATCH_SIZE) {
                    ServerStopping.requireRunning();
                    refused += write(errors, bulk.apply(batch));
                    batch.clear();
                    int percent = (int) Math.min(99, read * 100 / Math.max(1, total));
                    if (percent != lastPercent) {
                        lastPercent = percent;
                        if (!store.progress(job.jobId(), percent)) {
                            return "cancelled after " + read + " lines";
                        }
                    }
                }
            }
            refused += write(errors, bulk.apply(batch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read + " devices read, " + refused + " refused (see " + ERRORS_BLOB_NAME + ")";
    }

    private static long countLines(Path input) {
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            return reader.lines().filter(line -> !line.isBlank()).count();
        } catch (NoSuchFileException e) {
            throw new HubException(ErrorCode.BLOB_CONTAINER_VALIDATION_ERROR, "The input container has no blob "
                    + input.getFileName() + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int write(BufferedWriter errors, List<DeviceImportError> refused) throws IOException {
        for (DeviceImportError error : refused) {
            errors.write(error.toJson().toString());
            errors.newLine();
        }
        if (!refused.isEmpty()) {
            errors.flush();
        }
        return refused.size();
    }

    /** The id of a line that could not be parsed, when it is recognizable, so that the log names the device. */
    private static String idOf(String line) {
        int at = line.indexOf("\"id\"");
        if (at < 0) {
            return "";
        }
        int open = line.indexOf('"', line.indexOf(':', at) + 1);
        int close = open < 0 ? -1 : line.indexOf('"', open + 1);
        return close < 0 ? "" : line.substring(open + 1, close);
    }
}
