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

  /**
   * WAL pages (4 KiB) after which a writer's commit also checkpoints: 256 MiB. The background
   * {@link Checkpointer} copies most pages long before; the writer's checkpoint copies the rest and
   * lets the WAL start again from its beginning, which costs two fsyncs inside that commit. At
   * 32 MiB the state store's processor did this every 0.7 s at 5,000 events/s (10–20 ms each time,
   * see docs/benchmarks.md); at 256 MiB every 5 to 6 s.
   */
  static final int CHECKPOINT_PAGES = 65_536;

  private Sqlite() {}

  /** A read-write connection in WAL mode with the given {@code synchronous} level. */
  public static Connection open(Path file, String synchronous) throws SQLException {
    return open(file, synchronous, CHECKPOINT_PAGES);
  }

  /**
   * A read-write connection in WAL mode with the given {@code synchronous} level, whose commits
   * checkpoint once the WAL holds {@code checkpointPages} pages.
   */
  static Connection open(Path file, String synchronous, int checkpointPages) throws SQLException {
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
      // checkpointPages keeps them off most commits; the WAL file is truncated back to that size.
      st.execute("PRAGMA wal_autocheckpoint=" + checkpointPages);
      st.execute("PRAGMA journal_size_limit=" + (checkpointPages * 4096L));
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
