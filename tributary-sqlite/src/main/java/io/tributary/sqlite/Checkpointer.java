package io.tributary.sqlite;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * and a busy writer is the one that can.
 *
 * <p>So that the writer's checkpoint finds next to nothing left to do, this thread also syncs the
 * database file after each checkpoint that copied pages (a {@code PASSIVE} checkpoint that does not
 * catch up with a busy writer leaves what it copied unsynced, and the writer's checkpoint then had
 * to sync seconds of random writes at once: 20 to 40 ms every 3.7 s at 5,000 events/s with
 * destinations), and checkpoints every {@link #NEAR_INTERVAL_MILLIS} ms once the WAL holds three
 * quarters of the writer's threshold. Measured in docs/benchmarks.md (seventh session).
 *
 * <p>The database file's descriptor stays open until {@link #close}: closing any descriptor of a
 * file drops every POSIX lock this process holds on it, SQLite's included, so a store closes its
 * checkpointer after its connections.
 */
final class Checkpointer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

  /** Time between two background checkpoints. */
  static final long INTERVAL_MILLIS = 200;

  /** Time between two background checkpoints once the writer's own checkpoint is near. */
  static final long NEAR_INTERVAL_MILLIS = 20;

  private final Path file;
  private final Connection connection;
  private final FileChannel database;
  private final int writerCheckpointPages;
  private final Thread thread;
  private final AtomicLong syncs = new AtomicLong();
  private volatile boolean running = true;

  private Checkpointer(Path file, Connection connection, FileChannel database, int writerCheckpointPages, String name) {
    this.file = file;
    this.connection = connection;
    this.database = database;
    this.writerCheckpointPages = writerCheckpointPages;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
  }

  /**
   * Starts checkpointing {@code file}, a database already in WAL mode, with its own connection.
   *
   * @param synchronous the writer's {@code synchronous} level, which also decides how a checkpoint
   *     syncs
   * @param writerCheckpointPages the writer's {@code wal_autocheckpoint}
   */
  static Checkpointer start(Path file, String synchronous, int writerCheckpointPages, String threadName) throws SQLException {
    Connection connection = Sqlite.open(file, synchronous);
    FileChannel database;
    try {
      database = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      Sqlite.closeQuietly(connection);
      throw new SQLException("Could not open " + file + " to sync it", e);
    }
    Checkpointer checkpointer = new Checkpointer(file, connection, database, writerCheckpointPages, threadName);
    checkpointer.thread.start();
    return checkpointer;
  }

  /**
   * How long to wait before the next checkpoint, given how many frames the WAL held at the last
   * one.
   */
  static long intervalMillis(int walFrames, int writerCheckpointPages) {
    return walFrames >= writerCheckpointPages / 4L * 3 ? NEAR_INTERVAL_MILLIS : INTERVAL_MILLIS;
  }

  /** How many times this checkpointer synced the database file. */
  long syncs() {
    return syncs.get();
  }

  private void run() {
    boolean warned = false;
    int lastCopied = 0;
    while (running) {
      long interval = INTERVAL_MILLIS;
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        // busy (always 0 for PASSIVE), frames in the WAL, frames copied so far (-1 if not WAL)
        int walFrames = rs.next() ? rs.getInt(2) : 0;
        int copied = rs.getInt(3);
        if (copied > 0 && copied != lastCopied) {
          database.force(false);
          syncs.incrementAndGet();
        }
        lastCopied = copied;
        interval = intervalMillis(walFrames, writerCheckpointPages);
        warned = false;
      } catch (SQLException | IOException e) {
        if (!warned && running) {
          // The writer's own checkpoints still run; only the stalls come back.
          LOG.log(Level.WARNING, "background checkpoint of " + file.getFileName() + " failed; retrying", e);
          warned = true;
        }
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(interval));
    }
  }

  /** Stops after the checkpoint in progress, and closes the connection and the file. */
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
    try {
      database.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing " + file.getFileName() + " failed", e);
    }
  }
}
