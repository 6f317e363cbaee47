package io.tributary.connectors.jdbc;

import java.util.regex.Pattern;

/**
 * Table and column names. Only plain identifiers are accepted, so quoting them cannot be escaped
 * out of; they are always quoted, so a reserved word is a column like any other. Quoted names are
 * case-sensitive: {@code Email} is not the column {@code email}.
 */
final class Identifiers {
  static final String PATTERN = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern COLUMN = Pattern.compile(PATTERN);
  private static final Pattern TABLE = Pattern.compile(PATTERN + "(\\." + PATTERN + ")?");

  private Identifiers() {}

  static boolean isColumn(String name) {
    return COLUMN.matcher(name).matches();
  }

  /** {@code table} or {@code schema.table}. */
  static boolean isTable(String name) {
    return TABLE.matcher(name).matches();
  }

  /** The quoted name, {@code "schema"."table"} for a qualified one. */
  static String quote(String name) {
    if (!isTable(name)) {
      throw new IllegalArgumentException("Expected a plain SQL identifier, but got '" + name + "'");
    }
    return '"' + name.replace(".", "\".\"") + '"';
  }
}
