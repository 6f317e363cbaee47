package io.tributary.sqlite;

/**
 * Settings of the embedded event log.
 *
 * @param synchronous SQLite's {@code synchronous} pragma: {@code FULL} fsyncs the WAL at every
 *     commit (an acknowledged event survives power loss); {@code NORMAL} only at checkpoints
 * @param groupCommitMaxEvents most events written in one transaction
 * @param maxPendingEvents most events waiting to be written before appends are refused
 * @param retryAfterMillis what to tell refused appenders to wait
 * @param walCheckpointPages WAL pages (4 KiB) after which the writer's commit checkpoints and the
 *     WAL starts again from its beginning; {@link Sqlite#CHECKPOINT_PAGES} by default
 */
public record SqliteLogOptions(
    String synchronous, int groupCommitMaxEvents, int maxPendingEvents, long retryAfterMillis, int walCheckpointPages) {
  public SqliteLogOptions {
    if (!synchronous.equals("FULL") && !synchronous.equals("NORMAL")) {
      throw new IllegalArgumentException("Expected synchronous to be FULL or NORMAL, but was " + synchronous);
    }
    if (groupCommitMaxEvents < 1) {
      throw new IllegalArgumentException("Expected groupCommitMaxEvents >= 1, but was " + groupCommitMaxEvents);
    }
    if (maxPendingEvents < 1) {
      throw new IllegalArgumentException("Expected maxPendingEvents >= 1, but was " + maxPendingEvents);
    }
    if (walCheckpointPages < 1) {
      throw new IllegalArgumentException("Expected walCheckpointPages >= 1, but was " + walCheckpointPages);
    }
  }

  public SqliteLogOptions(String synchronous, int groupCommitMaxEvents, int maxPendingEvents, long retryAfterMillis) {
    this(synchronous, groupCommitMaxEvents, maxPendingEvents, retryAfterMillis, Sqlite.CHECKPOINT_PAGES);
  }

  public static SqliteLogOptions defaults() {
    return new SqliteLogOptions("FULL", 10_000, 100_000, 1_000);
  }
}
