package io.tributary.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CheckpointerTest {
  @TempDir Path dir;

  @Test
  void shouldCopyCommittedPagesIntoTheDatabaseFileWithoutTheWriter() throws Exception {
    Path file = dir.resolve("state.db");
    try (Connection writer = Sqlite.open(file, "NORMAL")) {
      try (Statement st = writer.createStatement()) {
        st.execute("PRAGMA wal_autocheckpoint=0"); // so only the checkpointer can copy pages
        st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
      }
      writer.setAutoCommit(false);
      try (PreparedStatement insert = writer.prepareStatement("INSERT INTO t (body) VALUES (?)")) {
        for (int i = 0; i < 256; i++) {
          insert.setBytes(1, new byte[4096]);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      writer.commit();
      long before = Files.size(file);
      assertThat(before).isLessThan(64 * 1024); // the rows are only in the WAL so far

      try (Checkpointer checkpointer = Checkpointer.start(file, "NORMAL", Sqlite.CHECKPOINT_PAGES, "test-checkpointer")) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.size(file) < 256 * 4096 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(256 * 4096);
        // A writer that checkpoints now finds every frame copied already.
        try (Statement st = writer.createStatement();
            ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
          rs.next();
          assertThat(rs.getInt(3)).isEqualTo(rs.getInt(2));
        }
        // and the checkpointer synced the database file after copying
        assertThat(checkpointer.syncs()).isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Test
  void shouldLetTheWriterRestartTheWalWhileItRuns() throws Exception {
    Path file = dir.resolve("log.db");
    int autocheckpoint = 256; // pages; small, to keep the test short
    try (Connection writer = Sqlite.open(file, "NORMAL", autocheckpoint);
        Checkpointer ignored = Checkpointer.start(file, "NORMAL", autocheckpoint, "test-checkpointer")) {
      try (Statement st = writer.createStatement()) {
        st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
      }
      writer.setAutoCommit(false);
      long walLimit = (autocheckpoint + 64L) * (4096 + 24);
      long largestWal = 0;
      try (PreparedStatement insert = writer.prepareStatement("INSERT INTO t (body) VALUES (?)")) {
        // Ten times the automatic checkpoint's size, in small commits, as the log writes.
        for (int commit = 0; commit < 10 * autocheckpoint / 16; commit++) {
          for (int i = 0; i < 16; i++) {
            insert.setBytes(1, new byte[4000]);
            insert.addBatch();
          }
          insert.executeBatch();
          writer.commit();
          Path wal = dir.resolve("log.db-wal");
          largestWal = Math.max(largestWal, Files.exists(wal) ? Files.size(wal) : 0);
        }
      }
      assertThat(largestWal).isLessThanOrEqualTo(walLimit);
    }
  }

  @Test
  void shouldCheckpointMoreOftenOnceTheWalNearsTheWritersOwnCheckpoint() {
    int writerPages = 65_536;
    assertThat(Checkpointer.intervalMillis(0, writerPages)).isEqualTo(Checkpointer.INTERVAL_MILLIS);
    assertThat(Checkpointer.intervalMillis(writerPages / 4 * 3 - 1, writerPages)).isEqualTo(Checkpointer.INTERVAL_MILLIS);
    assertThat(Checkpointer.intervalMillis(writerPages / 4 * 3, writerPages)).isEqualTo(Checkpointer.NEAR_INTERVAL_MILLIS);
    assertThat(Checkpointer.intervalMillis(writerPages * 2, writerPages)).isEqualTo(Checkpointer.NEAR_INTERVAL_MILLIS);
    assertThat(Checkpointer.NEAR_INTERVAL_MILLIS).isLessThan(Checkpointer.INTERVAL_MILLIS);
  }
}
