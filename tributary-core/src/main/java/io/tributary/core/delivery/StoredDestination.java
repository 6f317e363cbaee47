package io.tributary.core.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * A destination as the state store keeps it.
 *
 * @param definition what it is
 * @param origin where it was defined; only {@link Origin#API} definitions can be changed through
 *     the API
 * @param paused whether its workers hold their messages (they still enter its outbox)
 * @param updatedAt when it was last defined, paused or resumed
 */
public record StoredDestination(DestinationDefinition definition, Origin origin, boolean paused, Instant updatedAt) {
  public enum Origin {
    CONFIG,
    API
  }

  public StoredDestination {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public String name() {
    return definition.name();
  }
}
