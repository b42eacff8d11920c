package org.openiothub.registry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class BlobContainerUriTest {

    @TempDir
    Path root;

    @Test
    void aRelativeFileUriIsADirectoryUnderTheRoot() {
        assertEquals(root.resolve("in"), BlobContainerUri.resolve(root, "file:in"));
        assertEquals(root.resolve("a/b"), BlobContainerUri.resolve(root, "file:a/b"));
    }

    @Test
    void anAbsoluteFileUriUnderTheRootIsAccepted() {
        assertEquals(root.resolve("out"), BlobContainerUri.resolve(root, root.resolve("out").toUri().toString()));
        assertEquals(root.resolve("out"), BlobContainerUri.resolve(root, "file://localhost" + root.resolve("out")));
    }

    @Test
    void aSasQueryIsIgnored() {
        assertEquals(root.resolve("in"), BlobContainerUri.resolve(root, "file:in?sv=2020&sig=abc"));
        assertEquals(root.resolve("in"), BlobContainerUri.resolve(root, root.resolve("in").toUri() + "?sig=abc"));
    }

    @Test
    void otherSchemesAreRefused() {
        refused("https://account.blob.core.windows.net/container?sv=1");
        refused("ftp://host/dir");
        refused("/plain/path");
        refused("");
        refused(null);
    }

    @Test
    void pathsOutsideTheRootAreRefused() {
        refused("file:///etc");
        refused(root.getParent().toUri().toString());
        refused("file://otherhost" + root.resolve("in"));
    }

    @Test
    void dotSegmentsAreRefusedEvenWhenTheyStayInside() {
        refused("file:../outside");
        refused("file:in/../../outside");
        refused("file:in/../in");
        refused(root.toUri() + "in/%2e%2e/%2e%2e/x");
        refused("file:./in");
    }

    @Test
    void aLinkLeadingOutOfTheRootIsRefused() throws Exception {
        Path outside = Files.createTempDirectory("outside");
        Files.createSymbolicLink(root.resolve("link"), outside);
        refused("file:link");
        refused("file:link/deeper");
    }

    @Test
    void theMessageNamesTheRootAndTheRule() {
        HubException e = assertThrows(HubException.class, () -> BlobContainerUri.resolve(root, "file:///etc"));
        assertEquals(ErrorCode.BLOB_CONTAINER_VALIDATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("outside the blob root"), e.getMessage());
    }

    private void refused(String uri) {
        HubException e = assertThrows(HubException.class, () -> BlobContainerUri.resolve(root, uri), String.valueOf(uri));
        assertEquals(ErrorCode.BLOB_CONTAINER_VALIDATION_ERROR, e.errorCode());
    }
}
