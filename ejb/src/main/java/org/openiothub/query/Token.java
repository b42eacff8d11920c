package org.openiothub.query;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A lexical unit of query text. Keywords are {@link Kind#WORD}s: whether a word is a keyword depends on where it
 * stands ({@code tags.from} is a property name).
 *
 * @param text the characters as written
 * @param string the decoded value of a {@link Kind#STRING}, otherwise null
 * @param number the value of a {@link Kind#NUMBER}, otherwise null
 * @param offset zero-based position of the first character
 */
record Token(Kind kind, String text, String string, BigDecimal number, int offset) {

    enum Kind {
        WORD, STRING, NUMBER, SYMBOL, END
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** How an error message names this token: {@code 'WERE'}, {@code '>='} or {@code end of query}. */
    String describe() {
        return kind == Kind.END ? "end of query" : "'" + text + "'";
    }

    String upperText() {
        return text.toUpperCase(Locale.ROOT);
    }
}
