package io.tributary.jdbc;

import java.sql.Connection;
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
  private Migrations() {}

  /** Applies the statements not yet applied, in one transaction. */
  public static void apply(Connection c, String name, List<String> statements) throws SQLException {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("Expected a lower-case schema name, but was '" + name + "'");
    }
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
