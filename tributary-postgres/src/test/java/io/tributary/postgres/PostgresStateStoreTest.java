package io.tributary.postgres;

import io.tributary.core.state.StateStore;
import io.tributary.core.testing.StateStoreContract;

/** The state store contract on a real PostgreSQL server, in a fresh database for each test. */
class PostgresStateStoreTest extends StateStoreContract {
  private PostgresOptions options;

  @Override
  protected StateStore openStore() {
    options = TestDatabases.fresh("contract");
    return PostgresStateStore.open(options);
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    return PostgresStateStore.open(options);
  }
}
