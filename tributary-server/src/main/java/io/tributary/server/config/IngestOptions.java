package io.tributary.server.config;

/**
 * Limits and backpressure of the ingest endpoints.
 *
 * @param maxEventBytes see {@link Settings#INGEST_MAX_EVENT_BYTES}; at most {@code maxBatchBytes}
 * @param maxBatchBytes see {@link Settings#INGEST_MAX_BATCH_BYTES}
 * @param maxPendingEvents see {@link Settings#INGEST_MAX_PENDING_EVENTS}
 * @param maxProcessingLag see {@link Settings#INGEST_MAX_PROCESSING_LAG}
 * @param retryAfterSeconds see {@link Settings#INGEST_RETRY_AFTER_SECONDS}
 */
public record IngestOptions(
    int maxEventBytes,
    int maxBatchBytes,
    int maxPendingEvents,
    long maxProcessingLag,
    int retryAfterSeconds) {

  /** @throws IllegalArgumentException if a value breaks its setting's rule */
  public IngestOptions {
    Settings.INGEST_MAX_EVENT_BYTES.requireValid(maxEventBytes);
    Settings.INGEST_MAX_BATCH_BYTES.requireValid(maxBatchBytes);
    Settings.INGEST_MAX_PENDING_EVENTS.requireValid(maxPendingEvents);
    Settings.INGEST_MAX_PROCESSING_LAG.requireValid(maxProcessingLag);
    Settings.INGEST_RETRY_AFTER_SECONDS.requireValid(retryAfterSeconds);
    if (maxEventBytes > maxBatchBytes) {
      // A batch must be able to hold at least one event of the largest allowed size.
      throw new IllegalArgumentException(
          Settings.INGEST_MAX_EVENT_BYTES.key() + ": expected at most "
              + Settings.INGEST_MAX_BATCH_BYTES.key() + " (" + maxBatchBytes + "), but was "
              + maxEventBytes);
    }
  }
}
