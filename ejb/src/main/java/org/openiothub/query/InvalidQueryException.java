package org.openiothub.query;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * A query or routing condition the hub refuses: too long, a function the context does not offer, an aggregate where
 * none is allowed, a projection outside the GROUP BY. IoT Hub answers these with 400 {@code ArgumentInvalid}.
 */
public class InvalidQueryException extends HubException {

    public InvalidQueryException(String message) {
        super(ErrorCode.ARGUMENT_INVALID, message);
    }

    /** A refusal that names the place in the query text, e.g. "Unknown function 'FOO' at position 27". */
    static InvalidQueryException at(String text, int offset, String message) {
        return new InvalidQueryException(message + " at " + SourcePosition.of(text, offset).describe(text));
    }
}
