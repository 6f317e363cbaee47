package io.tributary.jdbc;

import java.util.Set;

/**
 * What differs between the SQL dialects the state store runs on. Everything else (upserts with
 * {@code ON CONFLICT}, row-value comparisons, types) is written once for both.
 */
public enum Dialect {
  /** One process writes the file, so no transaction ever loses a race with another writer. */
  SQLITE("BLOB", Set.of()),
  /**
   * Several hub instances may write one database: a SERIALIZABLE transaction that lost a race ends
   * with serialization_failure (40001) or deadlock_detected (40P01), at any statement or at commit.
   */
  POSTGRESQL("BYTEA", Set.of("40001", "40P01"));

  private final String binaryType;
  private final Set<String> conflictStates;

  Dialect(String binaryType, Set<String> conflictStates) {
    this.binaryType = binaryType;
    this.conflictStates = conflictStates;
  }

  /** The column type for byte arrays. */
  public String binaryType() {
    return binaryType;
  }

  /**
   * The SQLStates by which a transaction that lost a race with another writer was rolled back:
   * retrying it is the answer.
   */
  Set<String> conflictStates() {
    return conflictStates;
  }
}
