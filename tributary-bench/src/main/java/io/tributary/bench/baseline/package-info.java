/**
 * The baseline: the least work any durable Segment-spec ingest must do (authenticate, parse the
 * JSON, append it to a file and fsync before answering), with group commit so that one fsync covers
 * many requests. The hub's ingest throughput and latency are read against it.
 */
package io.tributary.bench.baseline;
