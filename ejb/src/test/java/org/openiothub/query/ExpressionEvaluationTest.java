package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.query.Documents.json;
import static org.openiothub.query.Documents.value;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

class ExpressionEvaluationTest {

    private static final JsonObject DOC = json("{'s':'abc','S':'ABC','n':5,'d':2.5,'z':0,'t':true,'f':false,'nul':null,"
            + "'o':{'k':'v','n':5},'a':[1,2],'deep':{'er':{'est':'x'}}}");

    private static JsonValue eval(String expression) {
        return ExpressionCompiler.compileCondition(expression, FunctionRegistry.routeConditions())
                .evaluate(PropertySource.of(DOC));
    }

    private static boolean holds(String condition) {
        return ExpressionCompiler.compileCondition(condition, FunctionRegistry.routeConditions())
                .test(PropertySource.of(DOC));
    }

    @Test
    void propertiesResolveThroughObjects() {
        assertEquals(value("'x'"), eval("deep.er.est"));
        assertEquals(value("'v'"), eval("o.k"));
        assertTrue(holds("o['k'] = 'v' AND deep['er'].est = 'x'"));
        assertEquals(JsonValue.NULL, eval("nul"));
        assertNull(eval("missing"));
        assertNull(eval("s.length"), "a name under a string is undefined");
        assertNull(eval("a.x"), "a name under an array is undefined");
        assertNull(eval("nul.x"));
    }

    @Test
    void comparingWithUndefinedIsNeverTrue() {
        for (String op : new String[] {"=", "!=", "<", "<=", ">", ">="}) {
            assertNull(eval("missing " + op + " 1"), op);
            assertNull(eval("1 " + op + " missing"), op);
            assertFalse(holds("missing " + op + " 1"), op);
            assertFalse(holds("NOT (missing " + op + " 1)"), "NOT undefined is still not true: " + op);
        }
        assertNull(eval("missing = missing"));
        assertFalse(holds("missing = undefined"));
    }

    @Test
    void typeMismatchesAreUndefinedNotErrors() {
        assertNull(eval("n = '5'"));
        assertNull(eval("n != '5'"));
        assertFalse(holds("n != '5'"));
        assertNull(eval("s < 1"));
        assertNull(eval("t = 1"));
        assertNull(eval("nul = 0"));
        assertNull(eval("nul = false"));
        assertNull(eval("o = o"), "objects are not comparable");
        assertNull(eval("a = a"), "arrays are not comparable");
        assertNull(eval("o.k = o"));
    }

    @Test
    void comparisonsOfSameTypedPrimitives() {
        assertTrue(holds("s = 'abc'"));
        assertFalse(holds("s = 'ABC'"), "string comparison is case-sensitive");
        assertTrue(holds("S < s"), "ordinal: upper case sorts before lower case");
        assertTrue(holds("'abc' < 'abd' AND 'ab' < 'abc' AND 'b' > 'abc'"));
        assertTrue(holds("n = 5.0 AND n = 5 AND 5 = n AND n != 5.5"));
        assertTrue(holds("d > 2 AND d < 3 AND d >= 2.5 AND d <= 2.5"));
        assertTrue(holds("t = true AND f = false AND t != f AND f < t"));
        assertTrue(holds("nul = null AND nul >= null"));
        assertFalse(holds("nul != null"));
        assertTrue(holds("-0 = 0"));
    }

    @Test
    void logicalOperatorsAreThreeValued() {
        assertEquals(JsonValue.TRUE, eval("true AND true"));
        assertEquals(JsonValue.FALSE, eval("true AND false"));
        assertEquals(JsonValue.FALSE, eval("missing = 1 AND false"));
        assertEquals(JsonValue.FALSE, eval("false AND missing = 1"));
        assertNull(eval("true AND missing = 1"));
        assertNull(eval("missing = 1 AND true"));
        assertEquals(JsonValue.TRUE, eval("false OR true"));
        assertEquals(JsonValue.FALSE, eval("false OR false"));
        assertEquals(JsonValue.TRUE, eval("missing = 1 OR true"));
        assertEquals(JsonValue.TRUE, eval("true OR missing = 1"));
        assertNull(eval("false OR missing = 1"));
        assertNull(eval("missing = 1 OR missing = 1"));
        assertEquals(JsonValue.FALSE, eval("NOT true"));
        assertEquals(JsonValue.TRUE, eval("NOT false"));
        assertNull(eval("NOT missing"));
        assertNull(eval("NOT s"), "NOT of a non-boolean is undefined");
        assertNull(eval("s AND true"), "AND of a non-boolean is undefined");
        assertEquals(JsonValue.TRUE, eval("s OR true"));
    }

    @Test
    void onlyBooleanTrueSatisfiesACondition() {
        assertTrue(holds("t"));
        assertFalse(holds("f"));
        assertFalse(holds("s"));
        assertFalse(holds("n"));
        assertFalse(holds("nul"));
        assertFalse(holds("o"));
        assertFalse(holds("missing"));
    }

    @Test
    void inAndNinCompareWithLiteralLists() {
        assertTrue(holds("s IN ['x', 'abc']"));
        assertFalse(holds("s IN ['ABC']"));
        assertTrue(holds("n IN [1, 5.0]"));
        assertFalse(holds("n IN ['5']"), "no conversion between types");
        assertTrue(holds("n NIN ['5', 6]"));
        assertFalse(holds("n NIN [5]"));
        assertTrue(holds("nul IN [null]"));
        assertTrue(holds("t IN [true]"));
        assertFalse(holds("s IN []"));
        assertTrue(holds("s NIN []"));
        assertNull(eval("missing IN [1]"));
        assertNull(eval("missing NIN [1]"), "NIN over undefined is undefined, not true");
        assertFalse(holds("missing NIN [1]"));
        assertNull(eval("o IN [1]"));
        assertTrue(holds("s IN [missing, 'abc']"));
        assertTrue(holds("n IN [2 + 3]"), "list items may be expressions");
    }

    @Test
    void arithmeticOnNumbersOnly() {
        assertEquals(value("7.5"), eval("n + d"));
        assertEquals(value("2.5"), eval("n - d"));
        assertEquals(value("12.5"), eval("n * d"));
        assertEquals(value("2"), eval("n / d"));
        assertEquals(value("1"), eval("n % 2"));
        assertEquals(value("-1"), eval("-n % 2"), "the remainder takes the sign of the dividend");
        assertEquals(value("11"), eval("1 + n * 2"));
        assertEquals(value("12"), eval("(1 + n) * 2"));
        assertEquals(value("-5"), eval("-n"));
        assertEquals(value("5"), eval("+n"));
        assertEquals(value("0.5"), eval("1 / 2"));
        assertEquals("2", eval("n - 3").toString(), "integral results have no fraction");
        assertNull(eval("n / z"), "division by zero is undefined");
        assertNull(eval("n % z"));
        assertNull(eval("s + 'x'"), "+ does not concatenate strings");
        assertNull(eval("n + '1'"));
        assertNull(eval("n + missing"));
        assertNull(eval("-s"));
        assertNull(eval("+s"));
        assertNull(eval("t + 1"));
        assertNull(eval("1e308 * 10"), "overflow is undefined");
        assertTrue(holds("n * 2 > 9 AND n - 5 = z"));
    }

    @Test
    void literalsEvaluateToThemselves() {
        assertEquals(value("'x'"), eval("'x'"));
        assertEquals(value("255"), eval("0xff"));
        assertEquals(JsonValue.NULL, eval("null"));
        assertNull(eval("undefined"));
    }

    @Test
    void aCustomPropertySourceResolvesRoutingReferences() {
        JsonObject body = json("{'temperature':35}");
        JsonObject twin = json("{'tags':{'floor':2}}");
        PropertySource message = path -> switch (path.first()) {
            case "$body" -> path.length() == 1 ? body : path.drop(1).valueIn(body);
            case "$twin" -> path.drop(1).valueIn(twin);
            case "$contentType" -> JsonValues.string("application/json");
            default -> null;
        };
        CompiledExpression condition = ExpressionCompiler.compileCondition(
                "$contentType = 'application/json' AND $body.temperature > 30 AND $twin.tags.floor IN [1, 2]",
                FunctionRegistry.routeConditions());
        assertTrue(condition.test(message));
        assertFalse(ExpressionCompiler.compileCondition("$body.humidity > 30", FunctionRegistry.routeConditions())
                .test(message));
    }
}
