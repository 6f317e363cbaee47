package io.tributary.jdbc;

/**
 * What differs between the SQL dialects the state store runs on. Everything else (upserts with
 * {@code ON CONFLICT}, row-value comparisons, types) is written once for both.
 */
public enum Dialect {
  SQLITE("BLOB"),
  POSTGRESQL("BYTEA");

  private final String binaryType;

  Dialect(String binaryType) {
    this.binaryType = binaryType;
  }

  /** The column type for byte arrays. */
  public String binaryType() {
    return binaryType;
  }
}
