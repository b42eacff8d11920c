package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;

class QuerySyntaxErrorTest {

    private static QuerySyntaxException error(String query) {
        return assertThrows(QuerySyntaxException.class, () -> QueryParser.parseQuery(query));
    }

    private static void assertError(String query, int position, String expected, String found) {
        QuerySyntaxException e = error(query);
        assertEquals(position, e.position().offset() + 1, e.getMessage());
        assertEquals(expected, e.expected(), e.getMessage());
        assertEquals(found, e.found(), e.getMessage());
        assertEquals("Syntax error at position " + position + ": expected " + expected + " but found " + found,
                e.getMessage());
    }

    @Test
    void misspelledKeywords() {
        assertError("SELECT * FORM devices", 10, "FROM", "'FORM'");
        assertError("SELEC * FROM devices", 1, "SELECT", "'SELEC'");
        assertError("SELECT * FROM devices WERE tags.x = 1", 23, "WHERE, GROUP BY or end of query", "'WERE'");
        assertError("SELECT * FROM devices WHERE tags.x = 1 AMD tags.y = 2", 40, "AND, OR, GROUP BY or end of query", "'AMD'");
        assertError("SELECT deviceId FROM devices GROUP deviceId", 36, "BY", "'deviceId'");
        assertError("SELECT deviceId, status WERE", 25, "AS, ',' or FROM", "'WERE'");
        assertError("SELECT deviceId AS id status FROM devices", 23, "',' or FROM", "'status'");
    }

    @Test
    void unknownOrMissingSource() {
        assertError("SELECT * FROM device", 15, "devices, devices.modules or devices.jobs", "'device'");
        assertError("SELECT * FROM devices.twins", 15, "devices, devices.modules or devices.jobs", "'devices.twins'");
        assertError("SELECT * FROM", 14, "devices, devices.modules or devices.jobs", "end of query");
        assertError("SELECT * FROM WHERE x = 1", 15, "devices, devices.modules or devices.jobs", "'WHERE'");
    }

    @Test
    void incompleteOrMalformedExpressions() {
        assertError("SELECT * FROM devices WHERE tags.x =", 37, "an expression", "end of query");
        assertError("SELECT * FROM devices WHERE tags.x = = 1", 38, "an expression", "'='");
        assertError("SELECT * FROM devices WHERE (tags.x = 1", 40, "')'", "end of query");
        assertError("SELECT * FROM devices WHERE tags. = 1", 35, "a property name", "'='");
        assertError("SELECT * FROM devices WHERE tags[x] = 1", 34, "a quoted property name", "'x'");
        assertError("SELECT * FROM devices WHERE tags['x' = 1", 38, "']'", "'='");
        assertError("SELECT * FROM devices WHERE tags.x IN ('a', 'b')", 39, "'['", "'('");
        assertError("SELECT * FROM devices WHERE tags.x IN ['a' 'b']", 44, "',' or ']'", "''b''");
        assertError("SELECT * FROM devices WHERE tags.x = 1 = 2", 40, "AND, OR, GROUP BY or end of query", "'='");
        assertError("SELECT * FROM devices WHERE STARTSWITH(deviceId 'x')", 49, "',' or ')'", "''x''");
        assertError("SELECT * FROM devices WHERE WHERE", 29, "an expression", "'WHERE'");
        assertError("SELECT * FROM devices WHERE COUNT(x) > 1", 35, "')'", "'x'");
        assertError("SELECT SUM() FROM devices", 12, "an expression", "')'");
    }

    @Test
    void selectListMistakes() {
        assertError("SELECT FROM devices", 8, "'*' or a projection", "'FROM'");
        assertError("SELECT *, deviceId FROM devices", 9, "FROM", "','");
        assertError("SELECT deviceId AS FROM devices", 20, "an alias", "'FROM'");
        assertError("SELECT deviceId, FROM devices", 18, "an expression", "'FROM'");
        assertError("SELECT TOP x * FROM devices", 12, "a whole number after TOP", "'x'");
        assertError("SELECT TOP 1.5 * FROM devices", 12, "a whole number after TOP", "'1.5'");
        assertError("SELECT TOP -1 * FROM devices", 12, "a whole number after TOP", "'-'");
        assertError("SELECT deviceId FROM devices GROUP BY COUNT()", 39, "a property path", "'COUNT'");
        assertError("SELECT deviceId FROM devices GROUP BY deviceId,", 48, "a property path", "end of query");
    }

    @Test
    void lexicalFaults() {
        QuerySyntaxException e = error("SELECT * FROM devices WHERE tags.x = 'abc");
        assertEquals("Syntax error at position 38: unterminated string: no closing '", e.getMessage());
        assertEquals(null, e.expected());

        e = error("SELECT * FROM devices WHERE tags.x = 'a\\qb'");
        assertEquals("Syntax error at position 40: invalid escape sequence '\\q'", e.getMessage());

        e = error("SELECT * FROM devices WHERE tags.x = '\\u12G4'");
        assertEquals("Syntax error at position 39: invalid escape sequence: \\u needs four hexadecimal digits", e.getMessage());

        e = error("SELECT * FROM devices WHERE tags.x # 1");
        assertEquals("Syntax error at position 36: unexpected character '#'", e.getMessage());

        e = error("SELECT * FROM devices WHERE tags.x = 12abc");
        assertEquals("Syntax error at position 38: invalid number '12abc'", e.getMessage());

        e = error("SELECT * FROM devices WHERE tags.x = 0x");
        assertEquals("Syntax error at position 38: invalid number '0x'", e.getMessage());

        e = error("SELECT * FROM devices;");
        assertEquals("Syntax error at position 22: unexpected character ';'", e.getMessage());

        e = error("SELECT * FROM devices WHERE tags.x == 1");
        assertEquals(37, e.position().offset() + 1);
    }

    @Test
    void multiLineQueriesReportLineAndColumn() {
        QuerySyntaxException e = error("SELECT *\nFROM devices\nWHERE tags.x = 1\n  AND tags.y === 2");
        assertEquals(4, e.position().line());
        assertEquals(15, e.position().column());
        assertEquals("Syntax error at line 4, column 15: expected an expression but found '='", e.getMessage());
    }

    @Test
    void routeConditionsReportTheirOwnEnd() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class,
                () -> QueryParser.parseCondition("$body.x > 1 $body.y"));
        assertEquals("Syntax error at position 13: expected an operator or end of condition but found '$body'",
                e.getMessage());
    }

    @Test
    void syntaxErrorsAreArgumentInvalid() {
        QuerySyntaxException e = error("SELECT * FORM devices");
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
        assertEquals(400, e.errorCode().httpStatus());
    }

    @Test
    void tooLongEmptyAndTooDeepQueriesAreRefused() {
        String tooLong = "SELECT * FROM devices WHERE tags.x = '" + "a".repeat(QueryParser.MAX_LENGTH) + "'";
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QueryParser.parseQuery(tooLong));
        assertFalse(e instanceof QuerySyntaxException);
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains("at most 8192"), e.getMessage());

        assertThrows(InvalidQueryException.class, () -> QueryParser.parseQuery(""));
        assertThrows(InvalidQueryException.class, () -> QueryParser.parseQuery("  \n "));
        assertThrows(InvalidQueryException.class, () -> QueryParser.parseQuery(null));

        String deep = "SELECT * FROM devices WHERE " + "(".repeat(200) + "x" + ")".repeat(200);
        QuerySyntaxException tooDeep = error(deep);
        assertTrue(tooDeep.getMessage().contains("nested more than"), tooDeep.getMessage());
        assertThrows(QuerySyntaxException.class,
                () -> QueryParser.parseQuery("SELECT * FROM devices WHERE " + "NOT ".repeat(500) + "x"));
        assertThrows(QuerySyntaxException.class,
                () -> QueryParser.parseQuery("SELECT * FROM devices WHERE x = " + "-".repeat(500) + "1"));
    }

    @Test
    void chainsUpToTheDepthLimitCompileAndLongerOnesAreRefusedWithAPosition() {
        String within = "SELECT * FROM devices WHERE x = 1" + "+1".repeat(QueryParser.MAX_DEPTH - 1)
                + " AND y = 2" + " OR z".repeat(QueryParser.MAX_DEPTH - 1);
        TwinQuery.compile(within);

        // Compiling 4,000 chained additions used to overflow the stack (a 500 answer).
        QuerySyntaxException sum = error("SELECT * FROM devices WHERE x = 1" + "+1".repeat(4000));
        assertTrue(sum.getMessage().contains("more than " + QueryParser.MAX_DEPTH + " operators"), sum.getMessage());
        assertTrue(sum.getMessage().contains("position"), sum.getMessage());
        error("SELECT * FROM devices WHERE " + "a=1 OR ".repeat(1100) + "b=2");
        error("SELECT * FROM devices WHERE " + "a AND ".repeat(1100) + "b=2");
        error("SELECT * FROM devices WHERE x = 2" + "*2".repeat(2000));
        // Operators inside parentheses count toward the path they are on.
        error("SELECT * FROM devices WHERE " + "(a=1 OR ".repeat(90) + "b=1" + " OR c=1".repeat(950) + ")".repeat(90));
    }

    @Test
    void nestedInListsCountAsNesting() {
        QuerySyntaxException nested = error("SELECT * FROM devices WHERE a IN [" + "b IN [".repeat(200) + "1" + "]".repeat(201));
        assertTrue(nested.getMessage().contains("nested more than"), nested.getMessage());
        QueryParser.parseQuery("SELECT * FROM devices WHERE a IN [" + "1,".repeat(2000) + "1]");
    }
}
