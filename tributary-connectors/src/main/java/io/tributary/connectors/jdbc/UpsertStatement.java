package io.tributary.connectors.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of an upsert, which PostgreSQL (9.5 and later) and SQLite (3.24 and later) both accept:
 *
 * <pre>{@code
 * INSERT INTO "t" ("id", "a") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "a" = excluded."a"
 * }</pre>
 *
 * <p>A row of key columns only does nothing on conflict.
 */
final class UpsertStatement {
  private UpsertStatement() {}

  /**
   * @param table {@code table} or {@code schema.table}
   * @param key the conflict target: the key columns
   * @param columns every column written, starting with the key columns
   */
  static String sql(String table, List<String> key, List<String> columns) {
    if (!columns.subList(0, Math.min(key.size(), columns.size())).equals(key)) {
      throw new IllegalArgumentException("Expected the columns " + columns + " to start with the key " + key);
    }
    String names = columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    String parameters = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String target = key.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    List<String> updated = columns.subList(key.size(), columns.size());
    String action = updated.isEmpty()
        ? "DO NOTHING"
        : "DO UPDATE SET " + updated.stream()
            .map(c -> Identifiers.quote(c) + " = excluded." + Identifiers.quote(c))
            .collect(Collectors.joining(", "));
    return "INSERT INTO " + Identifiers.quote(table) + " (" + names + ") VALUES (" + parameters + ") ON CONFLICT ("
        + target + ") " + action;
  }
}
