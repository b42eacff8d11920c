package org.openiothub.query;

/**
 * Query text that does not follow the grammar. Carries where the parser stopped, what it expected and what it found,
 * e.g. "Syntax error at position 27: expected FROM but found 'WERE'".
 */
public class QuerySyntaxException extends InvalidQueryException {

    private final SourcePosition position;
    private final String expected;
    private final String found;

    QuerySyntaxException(String text, int offset, String expected, String found) {
        super(message(text, offset, "expected " + expected + " but found " + found));
        this.position = SourcePosition.of(text, offset);
        this.expected = expected;
        this.found = found;
    }

    /** For faults that have no "expected" side, such as a stray character or a bad escape. */
    QuerySyntaxException(String text, int offset, String problem) {
        super(message(text, offset, problem));
        this.position = SourcePosition.of(text, offset);
        this.expected = null;
        this.found = null;
    }

    private static String message(String text, int offset, String problem) {
        return "Syntax error at " + SourcePosition.of(text, offset).describe(text) + ": " + problem;
    }

    public SourcePosition position() {
        return position;
    }

    /** What the grammar allowed at {@link #position()}, e.g. {@code FROM}; null for lexical faults. */
    public String expected() {
        return expected;
    }

    /** What the text had there, e.g. {@code 'WERE'} or {@code end of query}; null for lexical faults. */
    public String found() {
        return found;
    }
}
