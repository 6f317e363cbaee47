package io.tributary.core.log;

/** Why the event log could not take or give records. */
public sealed class LogException extends RuntimeException {

  private LogException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The log cannot take more now; the caller should retry later. Nothing was written. */
  public static final class Overloaded extends LogException {
    private final long retryAfterMillis;

    public Overloaded(String message, long retryAfterMillis) {
      super(message, null);
      this.retryAfterMillis = retryAfterMillis;
    }

    public long retryAfterMillis() {
      return retryAfterMillis;
    }
  }

  /**
   * The log is closed or closing. Nothing was written, except by a log spread over servers whose
   * append was cut short by the close: its records may have been written.
   */
  public static final class Closed extends LogException {
    public Closed(String message) {
      super(message, null);
    }
  }

  /** The storage under the log failed; whether the records were written is unknown. */
  public static final class StorageFailure extends LogException {
    public StorageFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
