package org.openiothub.registry.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.config.HubConfig;
import org.openiothub.errors.HubException;

/** The job containers under the hub's blob root ({@link HubConfig#blobsDir()}). */
@ApplicationScoped
public class BlobContainers {

    @Inject
    HubConfig config;

    /** @throws HubException as {@link BlobContainerUri#resolve} */
    public Path existing(String uri) {
        return BlobContainerUri.resolve(config.blobsDir(), uri);
    }

    /** The container, created when missing. */
    public Path writable(String uri) {
        Path container = BlobContainerUri.resolve(config.blobsDir(), uri);
        try {
            Files.createDirectories(container);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the container directory " + container, e);
        }
        return container;
    }
}
