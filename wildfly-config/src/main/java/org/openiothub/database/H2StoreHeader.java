package org.openiothub.database;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The text header at the start of an H2 store file ({@code H:2,block:..,clean:1,...}): whether it was closed. */
final class H2StoreHeader {

    private static final int HEADER_BYTES = 4096;

    private H2StoreHeader() {
    }

    /**
     * Whether the store was closed cleanly: H2 writes {@code clean:1} into its header when it closes the store and
     * leaves it out while the store is open, so a store whose process was killed has none.
     *
     * @throws IOException when the file cannot be read
     */
    static boolean closedCleanly(Path storeFile) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(storeFile)) {
            start = in.readNBytes(HEADER_BYTES);
        }
        String header = new String(start, StandardCharsets.ISO_8859_1);
        int end = header.indexOf('\n');
        for (String field : (end < 0 ? header : header.substring(0, end)).split(",")) {
            if (field.trim().equals("clean:1")) {
                return true;
            }
        }
        return false;
    }
}
