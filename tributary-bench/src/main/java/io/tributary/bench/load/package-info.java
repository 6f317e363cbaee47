/**
 * The load generator's engine: a closed loop for maximum throughput, an open loop that sends on a
 * schedule and measures from the intended send time (no coordinated omission), ingest-to-profile
 * visibility probes, and the statistics and result they produce.
 */
package io.tributary.bench.load;
