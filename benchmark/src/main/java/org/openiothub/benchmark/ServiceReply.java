package org.openiothub.benchmark;

/**
 * The service API's answer to a {@link ServiceRequest}.
 *
 * @param status the HTTP status code
 * @param body   decoded as UTF-8; empty when there was none
 */
record ServiceReply(int status, String body) {
}
