package io.tributary.server.config;

/**
 * How the processor consumes the log.
 *
 * @param batchSize see {@link Settings#PROCESSOR_BATCH_SIZE}
 */
public record ProcessorOptions(int batchSize) {

  /** @throws IllegalArgumentException if the batch size is below 1 */
  public ProcessorOptions {
    Settings.PROCESSOR_BATCH_SIZE.requireValid(batchSize);
  }
}
