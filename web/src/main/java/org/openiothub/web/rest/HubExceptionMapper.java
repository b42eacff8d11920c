package org.openiothub.web.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;
import org.openiothub.errors.HubException;

/** Maps the hub's own failures to IoT Hub's error body and status. */
@Provider
public class HubExceptionMapper implements ExceptionMapper<HubException> {

    private static final Logger LOG = Logger.getLogger(HubExceptionMapper.class);

    @Override
    public Response toResponse(HubException e) {
        if (e.errorCode().httpStatus() >= 500) {
            LOG.errorf("Request failed: %s", e.getMessage());
        } else {
            LOG.debugf("Request refused [%s]: %s", e.errorCode().errorName(), e.getMessage());
        }
        return ErrorBodies.of(e.errorCode(), e.getMessage());
    }
}
