package io.tributary.bench.baseline;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a baseline server, validated on construction.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one
 * @param file the record file appended to (created if missing)
 * @param writeKey the only write key accepted
 * @param queueCapacity appends that may wait for the writer before requests get 503
 * @param maxGroupSize appends forced together at most
 * @param maxPayloadBytes largest request body accepted
 */
public record BaselineConfig(
    String host,
    int port,
    Path file,
    String writeKey,
    int queueCapacity,
    int maxGroupSize,
    long maxPayloadBytes) {

  /** Default queue capacity: about a second of requests at the rates this machine reaches. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  /** Default bound on one group. */
  public static final int DEFAULT_MAX_GROUP_SIZE = 256;

  /** Default body limit: far above Segment's 500 KB batch limit, so it only stops accidents. */
  public static final long DEFAULT_MAX_PAYLOAD_BYTES = 16L << 20;

  /** Validates every field. */
  public BaselineConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(writeKey, "writeKey");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Expected port in 0..65535, but was " + port);
    }
    if (writeKey.isBlank()) {
      throw new IllegalArgumentException("Expected a non-blank write key");
    }
    if (queueCapacity < 1 || maxGroupSize < 1 || maxPayloadBytes < 1) {
      throw new IllegalArgumentException(
          "Expected queueCapacity, maxGroupSize and maxPayloadBytes >= 1, but were %d, %d, %d"
              .formatted(queueCapacity, maxGroupSize, maxPayloadBytes));
    }
  }

  /** Defaults for everything but the essentials. */
  public static BaselineConfig of(String host, int port, Path file, String writeKey) {
    return new BaselineConfig(
        host,
        port,
        file,
        writeKey,
        DEFAULT_QUEUE_CAPACITY,
        DEFAULT_MAX_GROUP_SIZE,
        DEFAULT_MAX_PAYLOAD_BYTES);
  }
}
