package io.tributary.sqlite;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies a WAL-mode database's committed pages into its main file on a thread of its own, so that
 * the writer does not have to.
 *
 * <p>SQLite checkpoints in the committing thread once the WAL holds {@code wal_autocheckpoint}
 * pages: it syncs the WAL, copies every page into the database file and syncs that file. On this
 * project's test machine that stalled the writer for 40 to 100 ms every 2 seconds at 5,000 events/s
 * (the processor) and every few seconds on the log, and every event behind the stall waited for it.
 * This thread runs {@code PASSIVE} checkpoints every {@link #INTERVAL_MILLIS} ms: they never wait
 * for, nor block, the writer or the readers. The writer's own automatic checkpoint stays on,
 * because only a checkpoint that catches up completely lets the WAL start over from its beginning,
 * and a busy writer is the one that can; it now finds next to nothing left to copy or sync.
 */
final class Checkpointer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

  /** Time between two background checkpoints. */
  static final long INTERVAL_MILLIS = 200;

  private final Path file;
  private final Connection connection;
  private final Thread thread;
  private volatile boolean running = true;

  private Checkpointer(Path file, Connection connection, String name) {
    this.file = file;
    this.connection = connection;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
  }

  /**
   * Starts checkpointing {@code file}, a database already in WAL mode, with its own connection.
   *
   * @param synchronous the writer's {@code synchronous} level, which also decides how a checkpoint
   *     syncs
   */
  static Checkpointer start(Path file, String synchronous, String threadName) throws SQLException {
    Checkpointer checkpointer = new Checkpointer(file, Sqlite.open(file, synchronous), threadName);
    checkpointer.thread.start();
    return checkpointer;
  }

  private void run() {
    boolean warned = false;
    while (running) {
      try (Statement st = connection.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        warned = false;
      } catch (SQLException e) {
        if (!warned && running) {
          // The writer's own checkpoints still run; only the stalls come back.
          LOG.log(Level.WARNING, "background checkpoint of " + file.getFileName() + " failed; retrying", e);
          warned = true;
        }
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
    }
  }

  /** Stops after the checkpoint in progress, and closes the connection. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Sqlite.closeQuietly(connection);
  }
}
