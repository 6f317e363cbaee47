package io.tributary.core.delivery;

import java.util.List;

/**
 * Sends a destination's payloads to the outside world. One instance per destination, created by
 * its {@link TransportFactory} from the definition's options.
 *
 * <p>{@link #send} is called from several threads at once (up to the destination's {@code
 * maxInFlight}; never two sends with messages of one profile at once) and may block; it must be
 * thread-safe.
 */
public interface Transport extends AutoCloseable {

  /**
   * Sends messages, in order, as one unit: either the receiver has all of them or the result says
   * it failed (and all of them are sent again later).
   *
   * @param messages at least one, at most {@link #maxBatch()} in real-time mode; a whole window in
   *     batch mode
   * @return never null; a failure the transport could not classify is retryable
   */
  SendResult send(List<OutboundMessage> messages);

  /** The most messages sent in one real-time {@link #send}. */
  default int maxBatch() {
    return 1;
  }

  @Override
  default void close() {}
}
