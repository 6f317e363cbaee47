/**
 * The {@code jdbc} transport: each message upserts one row of a table in PostgreSQL, SQLite or
 * another database that accepts {@code INSERT ... ON CONFLICT (key) DO UPDATE} ({@link
 * io.tributary.connectors.jdbc.JdbcTransportFactory}).
 *
 * <p><b>The table is yours.</b> The transport never creates or alters it: create it beforehand,
 * with a primary key or unique constraint on exactly the {@code key} columns, which the upsert
 * names as its conflict target. Column names are quoted, so they are case-sensitive.
 *
 * <p><b>Rows.</b> A payload must be a JSON object (the destination's mapping makes it one). Each
 * top-level field is the column of its name, or {@code columns} maps columns to fields; a field
 * that is absent is not written, so a row keeps the value an earlier payload gave that column.
 * Strings, whole numbers, other numbers and booleans are bound as such, null as NULL, and objects
 * and arrays as their JSON text. PostgreSQL casts a string to the column's type, so ISO-8601 text
 * fills a {@code timestamptz} and JSON text a {@code jsonb}.
 *
 * <p><b>Ordering and atomicity.</b> The messages of one send are written in order in one
 * transaction with a JDBC batch: all of them, or, if any fails, none.
 *
 * <p><b>Idempotency.</b> An upsert by key is idempotent: a send repeated after a failure writes the
 * same rows again, and a later event of the same key updates its row rather than adding one.
 *
 * <p><b>Failures.</b> A payload that is not an object or lacks a key column's value, a constraint
 * violation, a value the column cannot hold, and a table or column that does not exist fail for
 * good (the messages go to the dead-letter queue). A database that is down or unreachable, a
 * deadlock, a serialization failure and anything unclassified are retried later. The pool connects
 * when a send needs a connection, so a destination whose database is down is created all the same,
 * and its sends fail, to be retried, after {@code connect-timeout}.
 */
package io.tributary.connectors.jdbc;
