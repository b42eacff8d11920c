package org.openiothub.server;

/** The hub cannot start; the message tells the operator what to change. */
public final class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
