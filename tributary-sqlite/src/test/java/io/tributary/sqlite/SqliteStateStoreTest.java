package io.tributary.sqlite;

import io.tributary.core.state.StateStore;
import io.tributary.core.testing.StateStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The state store contract on a real SQLite file, reopened from disk where the contract asks. */
class SqliteStateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  protected StateStore openStore() {
    return SqliteStateStore.open(dir.resolve("state.db"), 2);
  }

  @Override
  protected boolean timelineKeepsPayloads() {
    return false; // the embedded log serves them
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    return SqliteStateStore.open(dir.resolve("state.db"), 2);
  }
}
