package org.openiothub.web.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonDocuments;

/**
 * A request path whose percent-escapes are not UTF-8 (e.g. a device id {@code %FF}) is {@code 400 ArgumentInvalid} in
 * IoT Hub's error shape. RESTEasy would refuse it before any resource, with a warning and a stack trace in the log
 * and an HTML page for the client.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestPathFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!decodesAsUtf8(request.getRequestURI())) {
            ErrorCode code = ErrorCode.ARGUMENT_INVALID;
            response.setStatus(code.httpStatus());
            response.setContentType("application/json");
            response.setHeader("iothub-errorcode", code.errorName());
            response.getOutputStream().write(ErrorBodies.body(code.errorName(), code.code(),
                    "The request path is not valid UTF-8 once its escapes are decoded.").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the escapes of {@code rawPath} decode to UTF-8; a malformed escape is left to the container. */
    static boolean decodesAsUtf8(String rawPath) {
        if (rawPath == null || rawPath.indexOf('%') < 0) {
            return true;
        }
        byte[] bytes = new byte[rawPath.length()];
        int length = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length() && hex(rawPath.charAt(i + 1)) >= 0 && hex(rawPath.charAt(i + 2)) >= 0) {
                bytes[length++] = (byte) (hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                return true;
            }
        }
        try {
            JsonDocuments.utf8(java.util.Arrays.copyOf(bytes, length));
            return true;
        } catch (HubException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
