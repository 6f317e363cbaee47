/**
 * Load generator, baseline server and micro-benchmarks for Tributary's ingest path.
 *
 * <p>Everything here talks to the hub over its public HTTP API only (the Segment HTTP Tracking API
 * plus the profile API), so the same tools measure the hub and the {@link
 * io.tributary.bench.BaselineServer baseline} it is compared against.
 */
package io.tributary.bench;
