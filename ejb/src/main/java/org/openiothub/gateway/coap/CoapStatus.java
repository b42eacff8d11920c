package org.openiothub.gateway.coap;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/** The CoAP response code for an HTTP status the hub core answers with (RFC 8075's mapping, where there is one). */
final class CoapStatus {

    private CoapStatus() {
    }

    static ResponseCode of(int httpStatus) {
        switch (httpStatus) {
            case 200:
                return ResponseCode.CONTENT;
            case 201:
                return ResponseCode.CREATED;
            case 204:
                return ResponseCode.CHANGED;
            case 401:
                return ResponseCode.UNAUTHORIZED;
            case 403:
                return ResponseCode.FORBIDDEN;
            case 404:
                return ResponseCode.NOT_FOUND;
            case 405:
                return ResponseCode.METHOD_NOT_ALLOWED;
            case 409:
                return ResponseCode.CONFLICT;
            case 412:
                return ResponseCode.PRECONDITION_FAILED;
            case 413:
                return ResponseCode.REQUEST_ENTITY_TOO_LARGE;
            case 415:
                return ResponseCode.UNSUPPORTED_CONTENT_FORMAT;
            case 429:
                return ResponseCode.TOO_MANY_REQUESTS;
            case 503:
                return ResponseCode.SERVICE_UNAVAILABLE;
            case 504:
                return ResponseCode.GATEWAY_TIMEOUT;
            default:
                return httpStatus >= 500 ? ResponseCode.INTERNAL_SERVER_ERROR
                        : httpStatus >= 400 ? ResponseCode.BAD_REQUEST : ResponseCode.CONTENT;
        }
    }
}
