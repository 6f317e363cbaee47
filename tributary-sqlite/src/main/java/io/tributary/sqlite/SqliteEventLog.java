package io.tributary.sqlite;

import io.tributary.core.log.EventLog;
import io.tributary.jdbc.Migrations;
import io.tributary.core.log.LogEntry;
import io.tributary.core.log.LogException;
import io.tributary.core.log.LogRecord;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The embedded event log: one SQLite table in its own database file, in WAL mode, with group
 * commit.
 *
 * <p>Appenders hand their records to a single writer thread through a bounded queue and wait for
 * the future. The writer takes everything queued (up to {@link SqliteLogOptions#groupCommitMaxEvents}
 * events) into one transaction, so concurrent appenders share one fsync. Nothing is buffered
 * beyond {@link SqliteLogOptions#maxPendingEvents}: past it {@link #append} refuses at once with
 * {@link LogException.Overloaded}.
 *
 * <p>Positions are assigned by the writer, dense from 1 within the single partition 0. A record is
 * readable only after its transaction committed, which with {@code synchronous=FULL} means after
 * the WAL was fsynced.
 *
 * <p>Retention: {@link #discardBefore} sets a target, and the writer thread deletes up to it, so no
 * second writer contends for the file. Under load the deletes ride in the appends' transactions,
 * at most {@value #DISCARD_PER_APPENDED} records per record appended (so a backlog of old records
 * goes at twice the rate of the load, with no extra commit or fsync); when no append has come for
 * 100 ms, {@value #DISCARD_IDLE_CHUNK} at a time in transactions of their own. Deleting flat out
 * between appends was measured at 25,000 records/s with the appends' p99 going from 10-15 ms to
 * 87-108 ms (docs/benchmarks.md, "Log retention"). The last record is never deleted: its position
 * is where the next start continues. SQLite reuses the freed pages, so a log under retention stops
 * growing rather than shrinking.
 */
public final class SqliteEventLog implements EventLog {
  private static final System.Logger LOG = System.getLogger(SqliteEventLog.class.getName());
  private static final int PARTITION = 0;
  /** Records discarded with an append, at most, per record it appends. */
  static final int DISCARD_PER_APPENDED = 2;
  /** Records one discarding transaction of its own (the writer is idle) deletes at most. */
  static final int DISCARD_IDLE_CHUNK = 1_000;

  private final SqliteLogOptions options;
  private final Connection writeConnection;
  private final Checkpointer checkpointer;
  private final ThreadLocal<Connection> readConnections;
  private final List<Connection> allReadConnections = new ArrayList<>();
  private final Path file;
  private final BlockingQueue<PendingAppend> queue;
  private final AtomicLong pendingEvents = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private volatile LongConsumer commitObserver = nanos -> {};
  private final Thread writer;
  private final ReentrantLock appendedLock = new ReentrantLock();
  private final Condition appended = appendedLock.newCondition();
  private volatile long nextPosition;
  private volatile long firstPosition;
  private final AtomicLong discardTarget = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  /** Owned by the writer thread: no discarding before this (nanoTime), after a failure. */
  private long discardPausedUntil = System.nanoTime();
  private volatile boolean closed;

  private record PendingAppend(List<LogRecord> records, CompletableFuture<long[]> result) {}

  private SqliteEventLog(Path file, SqliteLogOptions options) throws SQLException {
    this.file = file;
    this.options = options;
    Connection writer = Sqlite.open(file, options.synchronous(), options.walCheckpointPages());
    try {
      Migrations.apply(
          writer,
          "log",
          List.of(
              "CREATE TABLE events ("
                  + " position INTEGER PRIMARY KEY,"
                  + " record_key TEXT NOT NULL,"
                  + " payload BLOB NOT NULL)"));
      writer.setAutoCommit(false);
      try (var st = writer.createStatement();
          ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(position), 0), MIN(position) FROM events")) {
        rs.next();
        this.nextPosition = rs.getLong(1) + 1;
        long min = rs.getLong(2);
        this.firstPosition = rs.wasNull() ? nextPosition : min;
      }
      writer.commit();
      this.checkpointer = Checkpointer.start(file, options.synchronous(), Sqlite.CHECKPOINT_PAGES, "log-checkpointer");
    } catch (SQLException | RuntimeException e) {
      Sqlite.closeQuietly(writer); // a log that cannot open leaves no connection behind
      throw e;
    }
    this.writeConnection = writer;
    this.readConnections =
        ThreadLocal.withInitial(
            () -> {
              try {
                Connection c = Sqlite.openReadOnly(file);
                synchronized (allReadConnections) {
                  allReadConnections.add(c);
                }
                return c;
              } catch (SQLException e) {
                throw new LogException.StorageFailure("Could not open a read connection to the event log", e);
              }
            });
    this.queue = new ArrayBlockingQueue<>(Math.max(16, options.maxPendingEvents()));
    this.writer = Thread.ofPlatform().name("log-writer").daemon(true).unstarted(this::writeLoop);
  }

  /** Opens (creating if needed) the log in {@code file} and starts its writer thread. */
  public static SqliteEventLog open(Path file, SqliteLogOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    try {
      SqliteEventLog log = new SqliteEventLog(file, options);
      log.writer.start();
      return log;
    } catch (SQLException e) {
      throw new LogException.StorageFailure("Could not open the event log at " + file, e);
    }
  }

  @Override
  public CompletableFuture<long[]> append(List<LogRecord> records) {
    Objects.requireNonNull(records, "records");
    if (closed) {
      throw new LogException.Closed("The event log is closed");
    }
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(new long[0]);
    }
    long pending = pendingEvents.addAndGet(records.size());
    if (pending > options.maxPendingEvents()) {
      pendingEvents.addAndGet(-records.size());
      throw new LogException.Overloaded(
          "The event log has " + (pending - records.size()) + " events waiting to be written, at most "
              + options.maxPendingEvents() + " may wait",
          options.retryAfterMillis());
    }
    var pendingAppend = new PendingAppend(List.copyOf(records), new CompletableFuture<>());
    if (!queue.offer(pendingAppend)) {
      pendingEvents.addAndGet(-records.size());
      throw new LogException.Overloaded("The event log's append queue is full", options.retryAfterMillis());
    }
    return pendingAppend.result();
  }

  private void writeLoop() {
    List<PendingAppend> group = new ArrayList<>();
    try (PreparedStatement insert =
            writeConnection.prepareStatement("INSERT INTO events (position, record_key, payload) VALUES (?, ?, ?)");
        PreparedStatement discard = writeConnection.prepareStatement("DELETE FROM events WHERE position < ?")) {
      while (!closed || !queue.isEmpty()) {
        PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          discardAlone(discard);
          continue;
        }
        group.add(first);
        int events = first.records().size();
        PendingAppend next;
        while (events < options.groupCommitMaxEvents() && (next = queue.peek()) != null) {
          if (events + next.records().size() > options.groupCommitMaxEvents() && events > 0) {
            break;
          }
          group.add(queue.poll());
          events += next.records().size();
        }
        writeGroup(insert, discard, group, events);
        group.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.log(Level.ERROR, "log-writer: cannot prepare the insert statement; the log stops accepting", e);
    } finally {
      failAll(group, new LogException.Closed("The event log was closed before the append was written"));
      List<PendingAppend> left = new ArrayList<>();
      queue.drainTo(left);
      failAll(left, new LogException.Closed("The event log was closed before the append was written"));
    }
  }

  private void writeGroup(PreparedStatement insert, PreparedStatement discard, List<PendingAppend> group, int events) {
    long first = nextPosition;
    long position = first;
    List<long[]> positions = new ArrayList<>(group.size());
    long start = System.nanoTime();
    try {
      for (PendingAppend append : group) {
        long[] assigned = new long[append.records().size()];
        for (int i = 0; i < assigned.length; i++) {
          LogRecord r = append.records().get(i);
          insert.setLong(1, position);
          insert.setString(2, r.key());
          insert.setBytes(3, r.payload());
          insert.addBatch();
          assigned[i] = position++;
        }
        positions.add(assigned);
      }
      insert.executeBatch();
      Discarded within = discardWithin(discard, events * DISCARD_PER_APPENDED);
      writeConnection.commit();
      if (within != null) {
        discarded.addAndGet(within.records());
        firstPosition = within.upTo();
      }
    } catch (SQLException e) {
      try {
        writeConnection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      LOG.log(
          Level.ERROR,
          "log-writer: writing " + events + " events at position " + first
              + " failed; the appenders are told and may retry",
          e);
      failAll(group, new LogException.StorageFailure("Writing to the event log failed", e));
      pendingEvents.addAndGet(-events);
      return;
    }
    nextPosition = position;
    commits.incrementAndGet();
    commitObserver.accept(System.nanoTime() - start);
    pendingEvents.addAndGet(-events);
    for (int i = 0; i < group.size(); i++) {
      group.get(i).result().complete(positions.get(i));
    }
    appendedLock.lock();
    try {
      appended.signalAll();
    } finally {
      appendedLock.unlock();
    }
  }

  /** Where discarding up to {@code max} more records would end; not above where it may. */
  private long discardEnd(int max) {
    return Math.min(discardTarget.get(), Math.min(firstPosition + max, nextPosition - 1));
  }

  /** Records deleted before {@code upTo}, the first position once their transaction commits. */
  private record Discarded(long upTo, int records) {}

  /**
   * Deletes up to {@code max} records due for discarding inside the append's transaction, under a
   * savepoint: a failure costs the discarding, never the append.
   *
   * @return what was deleted, or null if nothing was
   */
  private Discarded discardWithin(PreparedStatement discard, int max) throws SQLException {
    long upTo = discardEnd(max);
    if (upTo <= firstPosition || System.nanoTime() - discardPausedUntil < 0) {
      return null;
    }
    java.sql.Savepoint before = writeConnection.setSavepoint();
    try {
      discard.setLong(1, upTo);
      int deleted = discard.executeUpdate();
      writeConnection.releaseSavepoint(before);
      return new Discarded(upTo, deleted);
    } catch (SQLException e) {
      writeConnection.rollback(before);
      pauseDiscarding(upTo, e);
      return null;
    }
  }

  /** Deletes a chunk of the records due for discarding in a transaction of its own (the writer is idle). */
  private void discardAlone(PreparedStatement discard) {
    long upTo = discardEnd(DISCARD_IDLE_CHUNK);
    if (upTo <= firstPosition || System.nanoTime() - discardPausedUntil < 0) {
      return;
    }
    try {
      discard.setLong(1, upTo);
      int deleted = discard.executeUpdate();
      writeConnection.commit();
      discarded.addAndGet(deleted);
      firstPosition = upTo;
    } catch (SQLException e) {
      try {
        writeConnection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      pauseDiscarding(upTo, e);
    }
  }

  private void pauseDiscarding(long upTo, SQLException e) {
    // Appends go on; discarding tries again in a while.
    discardPausedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    LOG.log(Level.WARNING, "log-writer: discarding records before position " + upTo + " failed; trying again in 10 s", e);
  }

  private static void failAll(List<PendingAppend> appends, RuntimeException failure) {
    for (PendingAppend a : appends) {
      a.result().completeExceptionally(failure);
    }
  }

  @Override
  public int partitions() {
    return 1;
  }

  @Override
  public long endPosition(int partition) {
    checkPartition(partition);
    return nextPosition;
  }

  @Override
  public long firstPosition(int partition) {
    checkPartition(partition);
    return firstPosition;
  }

  @Override
  public void discardBefore(int partition, long position) {
    checkPartition(partition);
    discardTarget.accumulateAndGet(position, Math::max);
  }

  /** Records deleted by retention since the log was opened. */
  public long discardedEvents() {
    return discarded.get();
  }

  /** Durable writes (transactions, each one fsync) made since the log was opened. */
  public long commits() {
    return commits.get();
  }

  /**
   * Tells {@code nanos} how long each durable write took from its first insert to the end of its
   * commit (fsync included), on the writer thread, after the write; it must be quick. Replaces the
   * observer set before.
   */
  public void observeCommits(LongConsumer nanos) {
    commitObserver = Objects.requireNonNull(nanos, "nanos");
  }

  /** Events handed to {@link #append} whose write has not finished. */
  public long pendingEvents() {
    return pendingEvents.get();
  }

  @Override
  public List<LogEntry> read(int partition, long fromPosition, int max) {
    checkPartition(partition);
    if (max < 1) {
      throw new IllegalArgumentException("Expected max to be at least 1, but was " + max);
    }
    if (fromPosition >= nextPosition) {
      return List.of();
    }
    Connection c = readConnections.get();
    try (PreparedStatement st =
        c.prepareStatement("SELECT position, payload FROM events WHERE position >= ? ORDER BY position LIMIT ?")) {
      st.setLong(1, fromPosition);
      st.setInt(2, max);
      List<LogEntry> entries = new ArrayList<>(Math.min(max, 1024));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          entries.add(new LogEntry(PARTITION, rs.getLong(1), rs.getBytes(2)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new LogException.StorageFailure("Reading the event log from position " + fromPosition + " failed", e);
    }
  }

  @Override
  public void awaitAppend(int partition, long position, long timeoutMillis) throws InterruptedException {
    checkPartition(partition);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    appendedLock.lock();
    try {
      while (nextPosition <= position && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        appended.awaitNanos(left);
      }
    } finally {
      appendedLock.unlock();
    }
  }

  private static void checkPartition(int partition) {
    if (partition != PARTITION) {
      throw new IllegalArgumentException("Expected partition 0 of the embedded log, but was " + partition);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    appendedLock.lock();
    try {
      appended.signalAll();
    } finally {
      appendedLock.unlock();
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (allReadConnections) {
      allReadConnections.forEach(Sqlite::closeQuietly);
    }
    Sqlite.closeQuietly(writeConnection);
    checkpointer.close(); // last: it holds the file open (see Checkpointer)
    LOG.log(Level.DEBUG, () -> "event log at " + file + " closed");
  }
}
