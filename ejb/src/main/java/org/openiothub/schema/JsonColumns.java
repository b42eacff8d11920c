package org.openiothub.schema;

/** How the entities map a column that holds a JSON document (a twin part, a job's action or a device's outcome). */
public final class JsonColumns {

    /**
     * The length an entity declares for a JSON column: room for a full 32 KB twin document with metadata on every key,
     * which may be many times its size. Hibernate maps a string this long to {@code CLOB} on H2 (above its
     * {@code VARCHAR} limit; kept in the row up to the data source's {@code MAX_LENGTH_INPLACE_LOB}) and to
     * {@code VARCHAR} on PostgreSQL; the migrations create them as {@code clob} on H2 and {@code text} on PostgreSQL
     * (placeholder {@code long_text}, set by {@link SchemaMigration}).
     * Not {@code @Lob}: on PostgreSQL that is a large object ({@code oid}) outside the row.
     */
    public static final int LENGTH = 4 * 1024 * 1024;

    private JsonColumns() {
    }
}
