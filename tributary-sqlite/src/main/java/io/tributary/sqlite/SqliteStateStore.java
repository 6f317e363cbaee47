package io.tributary.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.state.StateStoreException;
import io.tributary.jdbc.Dialect;
import io.tributary.jdbc.JdbcStateStore;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded state store: the JDBC state store on its own SQLite file.
 *
 * <p>The state file is written with {@code synchronous=NORMAL}: a power loss may roll back the last
 * state commits, but never tears one, and because the consumed log position is committed with the
 * state it produced, the processor simply re-reads those events from the (fully synchronous) log.
 * The state is a projection of the log; only the log needs an fsync per commit.
 */
public final class SqliteStateStore {
  /** Profiles the writer keeps in memory between transactions (about 2 KiB each). */
  static final long CACHED_PROFILES = 50_000;

  /** See the class comment: the state is a projection of the log, which alone syncs every commit. */
  private static final String SYNCHRONOUS = "NORMAL";

  private SqliteStateStore() {}

  /**
   * Opens (creating and migrating if needed) the state store in {@code file}.
   *
   * @throws StateStoreException if the file cannot be opened or migrated
   */
  public static JdbcStateStore open(Path file, int readConnections) {
    try {
      // Creates the file in WAL mode, which the read-only connections below cannot do.
      Sqlite.open(file, SYNCHRONOUS).close();
    } catch (SQLException e) {
      throw new StateStoreException("Could not open the state store at " + file, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setPoolName("state-readers");
    pool.setMaximumPoolSize(readConnections);
    pool.setMinimumIdle(1);
    pool.setReadOnly(true);
    pool.setAutoCommit(true);
    HikariDataSource readers = new HikariDataSource(pool);
    Checkpointer checkpointer;
    try {
      checkpointer = Checkpointer.start(file, SYNCHRONOUS, Sqlite.CHECKPOINT_PAGES, "state-checkpointer");
    } catch (SQLException e) {
      readers.close();
      throw new StateStoreException("Could not open the state store at " + file, e);
    }
    // The store closes this after its writer; the checkpointer goes last (see Checkpointer).
    AutoCloseable readersAndCheckpointer = () -> {
      readers.close();
      checkpointer.close();
    };
    // The embedded hub is the only writer of its state file, so the writer may cache; its log is
    // a local file read by position, so the timeline leaves the events' payloads to it.
    return JdbcStateStore.open(
        Dialect.SQLITE, () -> Sqlite.open(file, SYNCHRONOUS), readers, readersAndCheckpointer, CACHED_PROFILES, true);
  }
}
