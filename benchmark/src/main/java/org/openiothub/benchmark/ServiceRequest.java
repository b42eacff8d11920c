package org.openiothub.benchmark;

import java.util.Map;

/**
 * One request to the service REST API, apart from the headers every request carries (host, authorization, accept),
 * which a {@link ServiceTransport} is given once.
 *
 * @param method      {@code POST}, {@code PATCH}, ...
 * @param target      path and query, already percent-encoded, e.g. {@code /twins/d1/methods?api-version=..}
 * @param contentType of {@code body}
 * @param headers     further headers of this request only; names and values in US-ASCII
 * @param body        sent as is, with a {@code Content-Length}; not copied, so not to be changed afterwards
 */
record ServiceRequest(String method, String target, String contentType, Map<String, String> headers, byte[] body) {
}
