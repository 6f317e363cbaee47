package io.tributary.core.state;

/**
 * The state store's database failed (unreachable, full, locked too long). The transaction it
 * happened in was rolled back. Always worth retrying: it says nothing about the event being
 * processed.
 */
public class StateStoreException extends RuntimeException {
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The transaction lost a race with another writer of the same state (a serialization failure or
   * a deadlock, when several hub instances share one database). Nothing was written; retrying the
   * same work at once is the expected answer, not an outage.
   */
  public static final class Conflict extends StateStoreException {
    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
