package io.tributary.server.cli;

import io.tributary.server.HubSettings;
import io.tributary.server.config.TributaryConfig;

/** Turns the validated configuration into what the hub needs to start. */
final class HubSettingsFromConfig {
  private HubSettingsFromConfig() {}

  static HubSettings of(TributaryConfig c) {
    return new HubSettings(
        c.http().host(),
        c.http().port(),
        c.data().dir(),
        c.admin().token(),
        c.sources().stream().map(s -> new HubSettings.Source(s.id(), s.writeKey())).toList(),
        c.ingest().maxEventBytes(),
        c.ingest().maxBatchBytes(),
        c.ingest().maxPendingEvents(),
        c.ingest().maxProcessingLag(),
        c.ingest().retryAfterSeconds(),
        c.log().groupCommitMaxEvents(),
        c.log().synchronous().name(),
        c.processor().batchSize(),
        c.identity(),
        c.metrics().enabled(),
        new io.tributary.server.Storage.Embedded());
  }
}
