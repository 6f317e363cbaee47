package io.tributary.sqlite;

import io.tributary.core.delivery.Outbox;
import io.tributary.core.state.StateStore;
import io.tributary.core.testing.OutboxContract;
import io.tributary.jdbc.JdbcStateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outbox contract on a real SQLite file. */
class SqliteOutboxTest extends OutboxContract {
  @TempDir Path dir;

  @Override
  protected StateStore openStore() {
    return SqliteStateStore.open(dir.resolve("state.db"), 2);
  }

  @Override
  protected Outbox outboxOf(StateStore store) {
    return ((JdbcStateStore) store).outbox();
  }
}
