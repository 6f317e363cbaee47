package io.tributary.jdbc;

import io.tributary.core.state.StateStoreException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a failed writer statement or commit means for the processor, decided here once for both
 * dialects:
 *
 * <ul>
 *   <li>the transaction lost a race with another writer ({@link Dialect#conflictStates}): {@link
 *       StateStoreException.Conflict}, to be retried at once;
 *   <li>the database cannot hold a value of the event (SQLState class 22, data exception, such as
 *       a NUL character in PostgreSQL text): {@link IllegalArgumentException}, because it is about
 *       the event, not the database, and retrying it can never succeed: the processor treats the
 *       event as a poison event instead of stalling on it;
 *   <li>anything else (connection lost, disk full, locked too long): {@link StateStoreException},
 *       retried with backoff for as long as it lasts.
 * </ul>
 */
final class StoreFailures {
  private StoreFailures() {}

  /** @param what the work that failed, as the start of a sentence ("A state store statement") */
  static RuntimeException of(Dialect dialect, String what, SQLException failure) {
    Optional<String> conflict = sqlState(failure, dialect.conflictStates()::contains);
    if (conflict.isPresent()) {
      return new StateStoreException.Conflict(
          what + " lost a race with another writer (SQLState " + conflict.get()
              + "); nothing of the transaction was written and it should be retried",
          failure);
    }
    Optional<String> badValue = sqlState(failure, state -> state.startsWith("22"));
    if (badValue.isPresent()) {
      return new IllegalArgumentException(
          what + " failed because the database cannot store a value of the event (SQLState "
              + badValue.get() + "); retrying the event cannot succeed",
          failure);
    }
    return new StateStoreException(what + " failed; nothing of the transaction was written", failure);
  }

  /**
   * The first SQLState of the failure, or of those it chains to (as cause, or as next exception
   * of a batch), that matches.
   */
  static Optional<String> sqlState(SQLException failure, Predicate<String> matching) {
    List<Throwable> seen = new ArrayList<>();
    Deque<Throwable> todo = new ArrayDeque<>(List.of(failure));
    while (!todo.isEmpty() && seen.size() < 16) {
      Throwable t = todo.pop();
      if (seen.contains(t)) {
        continue;
      }
      seen.add(t);
      if (t instanceof SQLException e) {
        if (e.getSQLState() != null && matching.test(e.getSQLState())) {
          return Optional.of(e.getSQLState());
        }
        if (e.getNextException() != null) {
          todo.add(e.getNextException());
        }
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    return Optional.empty();
  }
}
