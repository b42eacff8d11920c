package org.openiothub.web.rest;

import java.io.IOException;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonDocuments;

/**
 * Request bodies read as text (the JSON bodies): read up to {@link RequestBodies#MAX_BYTES} whether or not their
 * length was declared, and decoded strictly as UTF-8: bytes that are not UTF-8 are {@code IotHubFormatError}, not
 * U+FFFD stored in their place.
 */
@Provider
public class TextRequestBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() != String.class) {
            return context.proceed();
        }
        byte[] body = RequestBodies.read(context.getInputStream(), RequestBodies.MAX_BYTES);
        try {
            return JsonDocuments.utf8(body);
        } catch (HubException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body is not valid UTF-8.");
        }
    }
}
