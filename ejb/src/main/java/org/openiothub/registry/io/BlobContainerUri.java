package org.openiothub.registry.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Where an import or export job's container URI points: a directory under the hub's blob root, and nowhere else,
 * so that a caller can never make the hub read or write other files. The hub reads and writes {@code file:} URIs
 * only: {@code file:///<root>/<container>} or, relative to the root, {@code file:<container>}. A query (where
 * IoT Hub's callers put a SAS token) is ignored.
 */
public final class BlobContainerUri {

    private BlobContainerUri() {
    }

    /**
     * @param root the blob root, absolute
     * @return the container directory, normalized; it may not exist yet
     * @throws HubException {@code BlobContainerValidationError} for another scheme, a host, a {@code .} or
     *                      {@code ..} segment, or a directory (also through a symbolic link) outside the root
     */
    public static Path resolve(Path root, String uri) {
        if (uri == null || uri.isBlank()) {
            throw refused(root, "no container URI was given");
        }
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw refused(root, uri + " is not a URI");
        }
        if (parsed.getScheme() == null || !parsed.getScheme().toLowerCase(Locale.ROOT).equals("file")) {
            throw refused(root, uri + " is not a file: URI");
        }
        String host = parsed.getAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            throw refused(root, uri + " names a host");
        }
        String path = parsed.isOpaque() ? opaquePath(parsed) : parsed.getPath();
        if (path == null || path.isEmpty()) {
            throw refused(root, uri + " names no directory");
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw refused(root, uri + " has a '" + segment + "' segment");
            }
        }
        Path base = root.toAbsolutePath().normalize();
        Path container;
        try {
            container = (path.startsWith("/") ? Path.of(path) : base.resolve(path)).normalize();
        } catch (InvalidPathException e) {
            throw refused(root, uri + " is not a valid path");
        }
        if (!container.startsWith(base)) {
            throw refused(root, uri + " is outside the blob root");
        }
        requireNoLinkOut(base, container, uri);
        return container;
    }

    private static String opaquePath(URI uri) {
        String part = uri.getSchemeSpecificPart();
        int query = part.indexOf('?');
        return query < 0 ? part : part.substring(0, query);
    }

    /** The deepest part of the path that exists must still be under the root once links are followed. */
    private static void requireNoLinkOut(Path base, Path container, String uri) {
        Path existing = container;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(base) || !Files.exists(base)) {
            return;
        }
        try {
            if (!existing.toRealPath().startsWith(base.toRealPath())) {
                throw refused(base, uri + " leads outside the blob root through a link");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HubException refused(Path root, String why) {
        return new HubException(ErrorCode.BLOB_CONTAINER_VALIDATION_ERROR, "The container URI is refused: " + why
                + ". This hub reads and writes only file: URIs of directories under its blob root " + root
                + " (HUB_BLOBS_DIR), e.g. file:my-container.");
    }
}
