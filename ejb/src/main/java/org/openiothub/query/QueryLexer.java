package org.openiothub.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits query text into {@link Token}s: words (identifiers and keywords, which may contain {@code $} as in
 * {@code $version} or {@code $body}), strings in single or double quotes with JSON-style escapes, decimal and
 * {@code 0x} hexadecimal numbers, and the operator and punctuation symbols.
 */
final class QueryLexer {

    private static final String[] SYMBOLS = {"<=", ">=", "<>", "!=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")",
            "[", "]", ",", "."};

    private final String text;
    private int pos;

    private QueryLexer(String text) {
        this.text = text;
    }

    /** @throws QuerySyntaxException at the first character that starts no token, or at a malformed literal */
    static List<Token> tokenize(String text) {
        return new QueryLexer(text).tokens();
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", null, null, pos));
                return tokens;
            }
            char c = text.charAt(pos);
            if (isWordStart(c)) {
                tokens.add(word());
            } else if (c >= '0' && c <= '9') {
                tokens.add(number());
            } else if (c == '\'' || c == '"') {
                tokens.add(string(c));
            } else {
                tokens.add(symbol());
            }
        }
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private Token word() {
        int start = pos;
        while (pos < text.length() && isWordPart(text.charAt(pos))) {
            pos++;
        }
        return new Token(Token.Kind.WORD, text.substring(start, pos), null, null, start);
    }

    private Token number() {
        int start = pos;
        BigDecimal value;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw new QuerySyntaxException(text, start, "invalid number '" + text.substring(start, pos) + "'");
            }
            value = new BigDecimal(new BigInteger(text.substring(digits, pos), 16));
        } else {
            skipDigits();
            if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
                pos++;
                skipDigits();
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                int mark = pos;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < text.length() && isDigit(text.charAt(pos))) {
                    skipDigits();
                } else {
                    pos = mark;
                }
            }
            value = new BigDecimal(text.substring(start, pos));
        }
        if (pos < text.length() && isWordPart(text.charAt(pos))) {
            while (pos < text.length() && isWordPart(text.charAt(pos))) {
                pos++;
            }
            throw new QuerySyntaxException(text, start, "invalid number '" + text.substring(start, pos) + "'");
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, pos), null, value, start);
    }

    private void skipDigits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token string(char quote) {
        int start = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new QuerySyntaxException(text, start, "unterminated string: no closing " + quote);
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Token.Kind.STRING, text.substring(start, pos), value.toString(), null, start);
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    private char escape() {
        int start = pos;
        if (pos + 1 >= text.length()) {
            throw new QuerySyntaxException(text, start, "unterminated string: no closing quote");
        }
        char c = text.charAt(pos + 1);
        pos += 2;
        return switch (c) {
            case '\'' -> '\'';
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape(start);
            default -> throw new QuerySyntaxException(text, start, "invalid escape sequence '\\" + c + "'");
        };
    }

    private char unicodeEscape(int start) {
        if (pos + 4 <= text.length()) {
            String hex = text.substring(pos, pos + 4);
            if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                pos += 4;
                return (char) Integer.parseInt(hex, 16);
            }
        }
        throw new QuerySyntaxException(text, start, "invalid escape sequence: \\u needs four hexadecimal digits");
    }

    private Token symbol() {
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, pos)) {
                int start = pos;
                pos += symbol.length();
                return new Token(Token.Kind.SYMBOL, symbol, null, null, start);
            }
        }
        throw new QuerySyntaxException(text, pos, "unexpected character '" + text.charAt(pos) + "'");
    }
}
