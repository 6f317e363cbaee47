package io.tributary.core.state;

/**
 * The state store's database failed (unreachable, full, locked too long). The transaction it
 * happened in was rolled back. Always worth retrying: it says nothing about the event being
 * processed.
 */
public final class StateStoreException extends RuntimeException {
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
