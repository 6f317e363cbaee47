package io.tributary.server;

import io.tributary.core.delivery.DestinationDefinition;
import io.tributary.core.identity.IdentityRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub needs to start, resolved from the configuration.
 *
 * @param host the address to listen on
 * @param port the port to listen on, 0 for any free port
 * @param dataDir where the log, the state and the generated secrets live
 * @param adminToken the admin API token; generated and kept in the data dir when empty
 * @param sources the sources allowed to send events; a demo source is created when empty
 * @param maxEventBytes largest single event
 * @param maxBatchBytes largest batch request
 * @param maxPendingEvents events accepted over HTTP but not yet durable, at most
 * @param maxProcessingLag events the processor may be behind before ingest answers 429
 * @param retryAfterSeconds the Retry-After given with 429 and 503
 * @param groupCommitMaxEvents most events in one log transaction
 * @param logSynchronous SQLite synchronous level of the log: FULL or NORMAL
 * @param logRetention how long the embedded log keeps events and how often it checks
 * @param logRetentionDropsTimeline whether the log's retention also deletes the profile timeline
 *     rows of the events it discards
 * @param processorBatchSize events per state transaction
 * @param dedupWindow how long message ids are remembered for deduplication, and how often the hub checks
 * @param identityRules the identity-resolution rules
 * @param metricsEnabled whether /metrics is served
 * @param storage where the log and the state are kept
 * @param destinations the destinations defined in the configuration file
 */
public record HubSettings(
    String host,
    int port,
    Path dataDir,
    Optional<String> adminToken,
    List<Source> sources,
    int maxEventBytes,
    int maxBatchBytes,
    int maxPendingEvents,
    long maxProcessingLag,
    int retryAfterSeconds,
    int groupCommitMaxEvents,
    String logSynchronous,
    RetentionSettings logRetention,
    boolean logRetentionDropsTimeline,
    int processorBatchSize,
    RetentionSettings dedupWindow,
    IdentityRules identityRules,
    boolean metricsEnabled,
    Storage storage,
    List<DestinationDefinition> destinations) {

  /**
   * How long the hub keeps something it would otherwise keep for ever: events of the embedded log,
   * message ids for deduplication.
   *
   * @param maxAge how long an item is kept after its message was received; zero keeps every item
   * @param checkEvery how often the hub lets go of what is due
   */
  public record RetentionSettings(java.time.Duration maxAge, java.time.Duration checkEvery) {
    public static final RetentionSettings FOREVER = new RetentionSettings(java.time.Duration.ZERO, java.time.Duration.ofMinutes(1));

    public RetentionSettings {
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(checkEvery, "checkEvery");
      if (maxAge.isNegative() || checkEvery.isNegative() || checkEvery.isZero()) {
        throw new IllegalArgumentException("Expected a retention of zero or more and a positive check interval");
      }
    }

    /** Every {@code hours} hours (0: for ever), checked every minute. */
    public static RetentionSettings hours(int hours) {
      return new RetentionSettings(java.time.Duration.ofHours(hours), java.time.Duration.ofMinutes(1));
    }

    public boolean keepsForever() {
      return maxAge.isZero();
    }
  }

  /** A source of events and its write key. */
  public record Source(String id, String writeKey) {
    public Source {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(writeKey, "writeKey");
    }

    @Override
    public String toString() {
      return "Source[" + id + "]"; // never print the write key
    }
  }

  public HubSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(identityRules, "identityRules");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(logRetention, "logRetention");
    Objects.requireNonNull(dedupWindow, "dedupWindow");
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
  }

  @Override
  public String toString() {
    // The admin token is a credential: keep it out of logs.
    return "HubSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", adminToken="
        + (adminToken.isPresent() ? "<redacted>" : "<generated>") + ", sources=" + sources + ", storage=" + storage + "]";
  }

  /** Defaults for tests and embedding: loopback, any free port. */
  public static HubSettings forDataDir(Path dataDir) {
    return new HubSettings(
        "127.0.0.1",
        0,
        dataDir,
        Optional.empty(),
        List.of(),
        32 * 1024,
        500 * 1024,
        100_000,
        1_000_000,
        1,
        10_000,
        "FULL",
        RetentionSettings.FOREVER,
        false,
        1_000,
        RetentionSettings.FOREVER,
        IdentityRules.defaults(),
        true,
        new Storage.Embedded(),
        List.of());
  }

  public HubSettings withSources(List<Source> s) {
    return new HubSettings(host, port, dataDir, adminToken, s, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, logRetention, logRetentionDropsTimeline, processorBatchSize,
        dedupWindow, identityRules, metricsEnabled, storage, destinations);
  }

  public HubSettings withAdminToken(String token) {
    return new HubSettings(host, port, dataDir, Optional.of(token), sources, maxEventBytes, maxBatchBytes,
        maxPendingEvents, maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous,
        logRetention, logRetentionDropsTimeline, processorBatchSize, dedupWindow, identityRules, metricsEnabled, storage, destinations);
  }

  public HubSettings withStorage(Storage st) {
    return new HubSettings(host, port, dataDir, adminToken, sources, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, logRetention, logRetentionDropsTimeline, processorBatchSize,
        dedupWindow, identityRules, metricsEnabled, st, destinations);
  }

  public HubSettings withProcessorBatchSize(int size) {
    return new HubSettings(host, port, dataDir, adminToken, sources, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, logRetention, logRetentionDropsTimeline, size, dedupWindow, identityRules,
        metricsEnabled, storage, destinations);
  }

  public HubSettings withLogRetention(RetentionSettings r) {
    return new HubSettings(host, port, dataDir, adminToken, sources, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, r, logRetentionDropsTimeline, processorBatchSize,
        dedupWindow, identityRules, metricsEnabled, storage, destinations);
  }

  public HubSettings withLogRetentionDroppingTimeline(boolean drops) {
    return new HubSettings(host, port, dataDir, adminToken, sources, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, logRetention, drops,
        processorBatchSize, dedupWindow, identityRules, metricsEnabled, storage, destinations);
  }

  public HubSettings withDedupWindow(RetentionSettings w) {
    return new HubSettings(host, port, dataDir, adminToken, sources, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, logRetention, logRetentionDropsTimeline, processorBatchSize,
        w, identityRules, metricsEnabled, storage, destinations);
  }

  public HubSettings withDestinations(List<DestinationDefinition> d) {
    return new HubSettings(host, port, dataDir, adminToken, sources, maxEventBytes, maxBatchBytes, maxPendingEvents,
        maxProcessingLag, retryAfterSeconds, groupCommitMaxEvents, logSynchronous, logRetention, logRetentionDropsTimeline, processorBatchSize,
        dedupWindow, identityRules, metricsEnabled, storage, d);
  }
}
