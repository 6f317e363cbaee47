package io.tributary.core.testing;

import io.tributary.core.state.StateStore;

/** The in-memory fixture keeps the same contract as the real stores, or tests on it prove nothing. */
class InMemoryStateStoreContractTest extends StateStoreContract {
  @Override
  protected StateStore openStore() {
    return new InMemoryStateStore();
  }

  @Override
  protected StateStore reopen(StateStore store) {
    return store;
  }
}
