package io.tributary.bench.load;

/** How the load generator paces its requests. */
public enum LoadMode {
  /** A fixed number of workers each send the next batch as soon as the previous one is answered. */
  CLOSED,
  /** Batches leave on a fixed schedule whatever the server does; latency counts from schedule. */
  OPEN
}
