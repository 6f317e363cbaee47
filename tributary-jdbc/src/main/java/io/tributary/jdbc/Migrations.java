package io.tributary.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Forward-only schema migrations: a list of statements, statement N being version N+1, each
 * applied once and recorded in a {@code <name>_schema} table. Released statements are never
 * edited, only appended to.
 *
 * <p>Written by hand rather than taken from Flyway or Liquibase: the schema is small, the two
 * dialects share one script, and migrations must run inside the same start-up path on SQLite and
 * PostgreSQL without a second configuration.
 */
public final class Migrations {
  /** The first key of PostgreSQL advisory locks taken by Tributary ("Trib"); the second names the schema. */
  private static final int ADVISORY_LOCK_SPACE = 0x54726962;

  private Migrations() {}

  /**
   * Applies the statements not yet applied, in one transaction, while holding a lock that other
   * processes migrating the same database wait for. On PostgreSQL, which several hub instances may
   * share and start at the same moment, that is a session-level advisory lock named after the
   * schema: they migrate one after the other, and the later ones find nothing left to do. SQLite
   * is written by one process and needs none.
   *
   * @param c in auto-commit mode at the driver's default isolation (read committed on PostgreSQL),
   *     so that a migration committed while this one waited for the lock is seen once it has it
   */
  public static void apply(Connection c, Dialect dialect, String name, List<String> statements)
      throws SQLException {
    checkName(name);
    switch (dialect) {
      case SQLITE -> apply(c, name, statements);
      case POSTGRESQL -> {
        advisoryLock(c, "pg_advisory_lock", name);
        try {
          apply(c, name, statements);
        } finally {
          // Were the connection broken, its session would have ended, and the lock with it.
          advisoryLock(c, "pg_advisory_unlock", name);
        }
      }
    }
  }

  private static void advisoryLock(Connection c, String function, String name) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT " + function + "(?, ?)")) {
      st.setInt(1, ADVISORY_LOCK_SPACE);
      st.setInt(2, name.hashCode());
      st.executeQuery().close();
    }
  }

  private static void checkName(String name) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("Expected a lower-case schema name, but was '" + name + "'");
    }
  }

  /** Applies the statements not yet applied, in one transaction; for one writing process only. */
  public static void apply(Connection c, String name, List<String> statements) throws SQLException {
    checkName(name);
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + name + "_schema (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + name + "_schema")) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version > statements.size()) {
        throw new SQLException(
            "The " + name + " schema is at version " + version + " but this release knows only "
                + statements.size() + " versions; it was written by a newer release");
      }
      for (int v = version; v < statements.size(); v++) {
        st.execute(statements.get(v));
        st.execute("INSERT INTO " + name + "_schema (version) VALUES (" + (v + 1) + ")");
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
