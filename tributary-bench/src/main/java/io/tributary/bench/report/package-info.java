/** Aggregates repeated load runs into the comparison table of {@code docs/benchmarks.md}. */
package io.tributary.bench.report;
