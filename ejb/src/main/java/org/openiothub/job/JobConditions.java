package org.openiothub.job;

import org.openiothub.query.InvalidQueryException;
import org.openiothub.query.QuerySyntaxException;
import org.openiothub.query.SourcePosition;
import org.openiothub.query.TwinQuery;

/** Checks a job's {@code queryCondition} when the job is created, so that a bad one is a 400 then, not a failed job later. */
public final class JobConditions {

    private static final String PREFIX = "SELECT * FROM devices WHERE ";

    private JobConditions() {
    }

    /**
     * @throws InvalidQueryException {@code ArgumentInvalid}, for a syntax error with its position counted in the
     *         condition as the caller wrote it, e.g. "queryCondition: Syntax error at position 14: ..."
     */
    public static void check(String condition) {
        String query = PREFIX + condition;
        try {
            TwinQuery.compile(query);
        } catch (QuerySyntaxException e) {
            int offset = Math.max(0, e.position().offset() - PREFIX.length());
            String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new InvalidQueryException("queryCondition: Syntax error at "
                    + SourcePosition.of(condition, offset).describe(condition) + ": " + problem);
        } catch (InvalidQueryException e) {
            throw new InvalidQueryException("queryCondition: " + e.getMessage());
        }
    }
}
