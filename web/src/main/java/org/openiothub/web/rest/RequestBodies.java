package org.openiothub.web.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** Reads a request body up to a limit, so that an oversized request is refused before it fills the heap. */
public final class RequestBodies {

    /**
     * The most any request body may have: room for a bulk registry request of 100 devices with twins at their size
     * limits. Endpoints with smaller limits (a direct method, a cloud-to-device message, a query) apply their own.
     */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private RequestBodies() {
    }

    /** @throws HubException {@code MessageTooLarge} when the body has more than {@code limit} bytes */
    public static byte[] read(InputStream body, int limit) {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limit) {
                    throw new HubException(ErrorCode.MESSAGE_TOO_LARGE, "The request body is over the limit of " + limit + " bytes.");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body", e);
        }
    }
}
