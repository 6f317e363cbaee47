package io.tributary.server.config;

import java.util.Objects;

/**
 * How the embedded event log writes.
 *
 * @param groupCommitMaxEvents see {@link Settings#LOG_GROUP_COMMIT_MAX_EVENTS}
 * @param synchronous see {@link Settings#LOG_SYNCHRONOUS}
 * @param retentionHours see {@link Settings#LOG_RETENTION_HOURS}
 * @param retentionDropsTimeline see {@link Settings#LOG_RETENTION_DROPS_TIMELINE}
 */
public record LogOptions(
    int groupCommitMaxEvents, LogSynchronous synchronous, int retentionHours, boolean retentionDropsTimeline) {

  /** @throws IllegalArgumentException if a value breaks its setting's rule */
  public LogOptions {
    Settings.LOG_GROUP_COMMIT_MAX_EVENTS.requireValid(groupCommitMaxEvents);
    Objects.requireNonNull(synchronous, "synchronous");
    Settings.LOG_RETENTION_HOURS.requireValid(retentionHours);
  }
}
