package io.tributary.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one load run needs, validated on construction.
 *
 * @param targets the base URLs of the servers, e.g. {@code http://127.0.0.1:8088}; with several
 *     (instances of one hub sharing their state), requests go to them in turn
 * @param writeKey sent as the Basic-auth user name with an empty password
 * @param mode closed or open loop
 * @param rate open loop: target events per second (ignored by the closed loop)
 * @param batchSize events per request
 * @param concurrency closed loop: number of workers
 * @param maxOutstanding open loop: requests in flight at most; a send due beyond it is skipped
 * @param duration length of the measured phase
 * @param warmup length of the unmeasured phase before it, may be zero
 * @param users number of synthetic people the events are about
 * @param poolBatches number of distinct batches rendered before the run
 * @param seed makes the payloads reproducible
 * @param adminToken bearer token for the profile API; null disables visibility probes
 * @param probeInterval time between two visibility probes
 * @param requestTimeout time after which one request counts as an error
 * @param sentAt whether every event carries its send time ({@code context.sent_at_us}, wall clock
 *     in microseconds since the epoch; the due time in the open loop), for receivers downstream
 */
public record LoadConfig(
    List<URI> targets,
    String writeKey,
    LoadMode mode,
    int rate,
    int batchSize,
    int concurrency,
    int maxOutstanding,
    Duration duration,
    Duration warmup,
    int users,
    int poolBatches,
    long seed,
    String adminToken,
    Duration probeInterval,
    Duration requestTimeout,
    boolean sentAt) {

  /** Validates every field; the message names the field and the rule. */
  public LoadConfig {
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    Objects.requireNonNull(writeKey, "writeKey");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one target url, but there was none");
    }
    for (URI url : targets) {
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("Expected an http(s) url, but was '" + url + "'");
      }
    }
    if (targets.stream().distinct().count() < targets.size()) {
      throw new IllegalArgumentException("Expected distinct target urls, but got " + targets);
    }
    positive("rate", rate);
    positive("batchSize", batchSize);
    positive("concurrency", concurrency);
    positive("maxOutstanding", maxOutstanding);
    positive("users", users);
    positive("poolBatches", poolBatches);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("Expected duration > 0, but was " + duration);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("Expected warmup >= 0, but was " + warmup);
    }
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("Expected probeInterval > 0, but was " + probeInterval);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("Expected requestTimeout > 0, but was " + requestTimeout);
    }
    if (adminToken != null && adminToken.isBlank()) {
      throw new IllegalArgumentException("Expected a non-blank adminToken or none at all");
    }
  }

  /** The admin token, present when visibility probes should run. */
  public Optional<String> probeToken() {
    return Optional.ofNullable(adminToken);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("Expected " + name + " >= 1, but was " + value);
    }
  }
}
