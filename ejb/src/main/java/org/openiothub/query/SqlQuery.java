package org.openiothub.query;

import java.util.List;

/**
 * SQL text with JDBC {@code ?} markers and the values to bind to them in order (String, Double or Boolean).
 */
public record SqlQuery(String sql, List<Object> parameters) {

    public SqlQuery {
        parameters = List.copyOf(parameters);
    }

    /** The same text with numbered markers {@code ?1, ?2, ...}, as JPA native queries bind positional parameters. */
    public String numberedSql() {
        StringBuilder numbered = new StringBuilder(sql.length() + 2 * parameters.size());
        int next = 1;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            numbered.append(c);
            if (c == '?') {
                numbered.append(next++);
            }
        }
        return numbered.toString();
    }
}
