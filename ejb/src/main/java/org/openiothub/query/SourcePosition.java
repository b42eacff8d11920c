package org.openiothub.query;

/**
 * Where something is in a query's text: the zero-based {@code offset} and the one-based {@code line} and
 * {@code column} a user sees in an editor.
 */
public record SourcePosition(int offset, int line, int column) {

    /** @param offset zero-based; clamped to the text's length (the end of the query is a position too) */
    public static SourcePosition of(String text, int offset) {
        int end = Math.max(0, Math.min(offset, text.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(end, line, end - lineStart + 1);
    }

    /**
     * {@code position 27} (one-based) for a single-line query, {@code line 2, column 5} when the text has several
     * lines, so the user can find the spot either way.
     */
    public String describe(String text) {
        return text.indexOf('\n') < 0 ? "position " + (offset + 1) : "line " + line + ", column " + column;
    }
}
