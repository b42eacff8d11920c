-- Queries compare and order strings ordinally, as IoT Hub does (ranges, STARTSWITH, ORDER BY). H2 compares strings
-- so by default; on PostgreSQL the index column takes the "C" collation instead of the database's (the placeholder
-- ordinal_collation, set by SchemaMigration), which rebuilds its indexes.
alter table twin_property alter column str_value set data type varchar(4096) ${ordinal_collation};
