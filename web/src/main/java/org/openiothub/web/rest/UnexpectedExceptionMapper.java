package org.openiothub.web.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;
import org.openiothub.errors.ErrorCode;

/** Anything else is the hub's fault: logged with its trace, answered as ServerError without internals. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Exception e) {
        LOG.error("Unexpected failure serving a request", e);
        return ErrorBodies.of(ErrorCode.SERVER_ERROR, "The hub failed to serve the request.");
    }
}
