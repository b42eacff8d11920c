package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** The AMQP error conditions IoT Hub uses, and the one that fits a hub error. */
final class AmqpConditions {

    static final Symbol UNAUTHORIZED_ACCESS = Symbol.valueOf("amqp:unauthorized-access");
    static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
    static final Symbol NOT_ALLOWED = Symbol.valueOf("amqp:not-allowed");
    static final Symbol NOT_IMPLEMENTED = Symbol.valueOf("amqp:not-implemented");
    static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");
    static final Symbol INVALID_FIELD = Symbol.valueOf("amqp:invalid-field");
    static final Symbol DECODE_ERROR = Symbol.valueOf("amqp:decode-error");
    static final Symbol RESOURCE_LIMIT_EXCEEDED = Symbol.valueOf("amqp:resource-limit-exceeded");
    static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    static final Symbol LINK_STOLEN = Symbol.valueOf("amqp:link:stolen");
    static final Symbol DETACH_FORCED = Symbol.valueOf("amqp:link:detach-forced");
    static final Symbol CONNECTION_FORCED = Symbol.valueOf("amqp:connection:forced");
    static final Symbol ARGUMENT_ERROR = Symbol.valueOf("com.microsoft:argument-error");
    static final Symbol THROTTLED = Symbol.valueOf("com.microsoft:device-container-throttled");
    static final Symbol QUOTA_EXCEEDED = Symbol.valueOf("com.microsoft:quota-exceeded");
    static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");

    private AmqpConditions() {
    }

    static ErrorCondition of(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }

    /** The condition IoT Hub answers a failed operation with, its message as the description. */
    static ErrorCondition of(Throwable failure) {
        if (failure instanceof HubException hub) {
            return new ErrorCondition(symbolOf(hub.errorCode()), hub.getMessage());
        }
        return new ErrorCondition(INTERNAL_ERROR, "The hub failed to serve the request.");
    }

    static Symbol symbolOf(ErrorCode code) {
        return switch (code.httpStatus()) {
            case 400 -> ARGUMENT_ERROR;
            case 401 -> UNAUTHORIZED_ACCESS;
            case 403 -> RESOURCE_LIMIT_EXCEEDED;
            case 404 -> NOT_FOUND;
            case 413 -> MESSAGE_SIZE_EXCEEDED;
            case 429 -> THROTTLED;
            default -> INTERNAL_ERROR;
        };
    }
}
