package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openiothub.query.Documents.json;
import static org.openiothub.query.Documents.value;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

class BuiltInFunctionsTest {

    private static final JsonObject DOC = json("{'s':'Hello World','n':-2.5,'i':4,'t':true,'nul':null,'o':{},'a':[],"
            + "'num':'42.5','bad':'4x'}");

    /** @param expected JSON with single quotes, or {@code undefined} */
    private static void check(String expression, String expected) {
        JsonValue result = ExpressionCompiler.compileCondition(expression, FunctionRegistry.routeConditions())
                .evaluate(PropertySource.of(DOC));
        assertEquals(expected.equals("undefined") ? null : value(expected), result, expression);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "IS_DEFINED(s)           | true",
            "IS_DEFINED(nul)         | true",
            "IS_DEFINED(missing)     | false",
            "IS_DEFINED(o.x)         | false",
            "IS_NULL(nul)            | true",
            "IS_NULL(missing)        | false",
            "IS_NULL(s)              | false",
            "IS_BOOL(t)              | true",
            "IS_BOOL(1 = 1)          | true",
            "IS_BOOL(s)              | false",
            "IS_NUMBER(n)            | true",
            "IS_NUMBER(num)          | false",
            "IS_STRING(s)            | true",
            "IS_STRING(i)            | false",
            "IS_OBJECT(o)            | true",
            "IS_OBJECT(a)            | false",
            "IS_ARRAY(a)             | true",
            "IS_ARRAY(o)             | false",
            "IS_PRIMITIVE(s)         | true",
            "IS_PRIMITIVE(nul)       | true",
            "IS_PRIMITIVE(t)         | true",
            "IS_PRIMITIVE(o)         | false",
            "IS_PRIMITIVE(missing)   | false",
            "AS_NUMBER(num)          | 42.5",
            "AS_NUMBER(i)            | 4",
            "AS_NUMBER(bad)          | undefined",
            "AS_NUMBER('0x10')       | undefined",
            "AS_NUMBER(t)            | undefined",
            "AS_NUMBER(' -1e2 ')     | -1E+2"})
    void typeChecksAndConversion(String expression, String expected) {
        check(expression, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "STARTSWITH(s, 'Hello')       | true",
            "STARTSWITH(s, 'hello')       | false",
            "STARTSWITH(s, '')            | true",
            "STARTSWITH(i, '4')           | undefined",
            "ENDSWITH(s, 'World')         | true",
            "ENDSWITH(s, 'world')         | false",
            "CONTAINS(s, 'o W')           | true",
            "CONTAINS(s, 'xyz')           | false",
            "CONTAINS(missing, 'x')       | undefined",
            "LOWER(s)                     | 'hello world'",
            "UPPER(s)                     | 'HELLO WORLD'",
            "UPPER(i)                     | undefined",
            "LENGTH(s)                    | 11",
            "LENGTH('')                   | 0",
            "LENGTH(o)                    | undefined",
            "CONCAT(s, '!', '?')          | 'Hello World!?'",
            "CONCAT(s, i)                 | undefined",
            "SUBSTRING(s, 6)              | 'World'",
            "SUBSTRING(s, 0, 5)           | 'Hello'",
            "SUBSTRING(s, 6, 100)         | 'World'",
            "SUBSTRING(s, 50, 2)          | ''",
            "SUBSTRING(s, -3, 2)          | 'He'",
            "SUBSTRING(s, 1.9, 2.9)       | 'el'",
            "SUBSTRING(s, 1, 1e300)       | 'ello World'",
            "SUBSTRING(s, '1')            | undefined",
            "INDEX_OF(s, 'World')         | 6",
            "INDEX_OF(s, 'world')         | -1",
            "INDEX_OF(s, 1)               | undefined"})
    void strings(String expression, String expected) {
        check(expression, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ABS(n)              | 2.5",
            "CEILING(n)          | -2",
            "FLOOR(n)            | -3",
            "ROUND(n)            | -3",
            "ROUND(2.5)          | 3",
            "ROUND(2.4)          | 2",
            "TRUNC(n)            | -2",
            "TRUNC(2.7)          | 2",
            "SIGN(n)             | -1",
            "SIGN(0)             | 0",
            "SIGN(i)             | 1",
            "SQUARE(n)           | 6.25",
            "SQRT(i)             | 2",
            "SQRT(n)             | undefined",
            "POWER(i, 0.5)       | 2",
            "POWER(2, 10)        | 1024",
            "EXP(0)              | 1",
            "LOG(1)              | 0",
            "LOG(8, 2)           | 3",
            "LOG10(1000)         | 3",
            "LOG(0)              | undefined",
            "SIN(0)              | 0",
            "COS(0)              | 1",
            "TAN(0)              | 0",
            "ASIN(0)             | 0",
            "ACOS(1)             | 0",
            "ATAN(0)             | 0",
            "ATN2(0, 1)          | 0",
            "DEGREES(0)          | 0",
            "RADIANS(0)          | 0",
            "ROUND(DEGREES(PI()))| 180",
            "ABS(s)              | undefined",
            "ABS(missing)        | undefined",
            "POWER(i, s)         | undefined"})
    void math(String expression, String expected) {
        check(expression, expected);
    }
}
