package io.tributary.core.processing;

/** A log entry that can never be applied, whatever is retried (e.g. its payload does not decode). */
public final class UnprocessableEntryException extends RuntimeException {
  public UnprocessableEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
