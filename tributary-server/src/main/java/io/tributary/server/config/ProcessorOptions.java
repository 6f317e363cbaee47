package io.tributary.server.config;

/**
 * How the processor consumes the log.
 *
 * @param batchSize see {@link Settings#PROCESSOR_BATCH_SIZE}
 * @param dedupWindowHours see {@link Settings#PROCESSOR_DEDUP_WINDOW_HOURS}
 */
public record ProcessorOptions(int batchSize, int dedupWindowHours) {

  /** @throws IllegalArgumentException if the batch size is below 1 or the window below 0 */
  public ProcessorOptions {
    Settings.PROCESSOR_BATCH_SIZE.requireValid(batchSize);
    Settings.PROCESSOR_DEDUP_WINDOW_HOURS.requireValid(dedupWindowHours);
  }
}
