package io.tributary.server.config;

/**
 * Metrics.
 *
 * @param enabled see {@link Settings#METRICS_ENABLED}
 */
public record MetricsOptions(boolean enabled) {}
