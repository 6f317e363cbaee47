package io.tributary.core.state;

import java.util.function.Function;

/** The state store: identity graph, profiles, timelines, consumed log positions. */
public interface StateStore extends AutoCloseable {

  /**
   * Runs {@code work} in one transaction and commits it. If {@code work} throws, nothing it wrote
   * is kept and the exception propagates.
   */
  <T> T inTransaction(Function<StateTransaction, T> work);

  /** Queries over committed state. */
  StateReader reader();

  @Override
  void close();
}
