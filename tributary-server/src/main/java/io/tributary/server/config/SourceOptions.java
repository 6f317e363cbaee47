package io.tributary.server.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A source that may send events: a web shop, an app, a back-office system. Its write key
 * authenticates the sender.
 *
 * @param id the source's id, matching {@code [a-z][a-z0-9_-]{0,63}}
 * @param writeKey the secret the source sends events with, at least 8 characters without
 *     whitespace; never shown by {@link #toString()}
 * @param name a human-readable name, if given
 * @see Settings#SOURCES
 */
public record SourceOptions(String id, String writeKey, Optional<String> name) {

  /**
   * @throws IllegalArgumentException if a field breaks its rule (see {@link Settings#SOURCES})
   */
  public SourceOptions {
    Objects.requireNonNull(name, "name");
    SourceType.ID.type().requireValid(id, SourceType.ID.name());
    SourceType.WRITE_KEY.type().requireValid(writeKey, SourceType.WRITE_KEY.name());
    name.ifPresent(n -> SourceType.NAME.type().requireValid(n, SourceType.NAME.name()));
  }

  @Override
  public String toString() {
    // The write key is a credential: keep it out of logs.
    return "SourceOptions[id=" + id + ", writeKey=<redacted>, name=" + name.orElse("") + "]";
  }
}
