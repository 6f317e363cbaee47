package io.tributary.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opening SQLite connections the way Tributary needs them, and tiny forward-only migrations. */
public final class Sqlite {
  /** Page cache of a writer connection, in KiB. */
  static final int CACHE_KIB = 64 * 1024;

  /** WAL pages (4 KiB) after which a commit also checkpoints. */
  static final int CHECKPOINT_PAGES = 8_192;

  private Sqlite() {}

  /** A read-write connection in WAL mode with the given {@code synchronous} level. */
  public static Connection open(Path file, String synchronous) throws SQLException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      try {
        java.nio.file.Files.createDirectories(parent);
      } catch (java.io.IOException e) {
        throw new SQLException("Could not create the directory " + parent, e);
      }
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=" + synchronous);
      st.execute("PRAGMA busy_timeout=10000");
      st.execute("PRAGMA foreign_keys=OFF");
      // Random-key B-tree inserts (timeline, dedup keys, links) touch many pages: keep them cached.
      st.execute("PRAGMA cache_size=-" + CACHE_KIB);
      st.execute("PRAGMA temp_store=MEMORY");
      // Checkpoints run in the committing thread, which is also the only moment the WAL can
      // restart from its beginning (a checkpoint from another connection rarely catches a busy
      // writer at such a moment, and the WAL then grows without bound: seen at 850 MB). Every
      // 32 MB keeps them off most commits; the WAL file is truncated back to that size.
      st.execute("PRAGMA wal_autocheckpoint=" + CHECKPOINT_PAGES);
      st.execute("PRAGMA journal_size_limit=" + (CHECKPOINT_PAGES * 4096L));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c); // e.g. the file is no SQLite database
      throw e;
    }
    return c;
  }

  /** A read-only connection; in WAL mode it never blocks the writer nor is blocked by it. */
  public static Connection openReadOnly(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout=10000");
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing at shutdown: nothing left to do with the failure
    }
  }
}
