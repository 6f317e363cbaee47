package io.tributary.core.event;

import java.util.Locale;
import java.util.Optional;

/** The six Segment-spec message types. */
public enum EventType {
  TRACK,
  IDENTIFY,
  PAGE,
  SCREEN,
  GROUP,
  ALIAS;

  /** The spec's lower-case name, as it appears in the {@code type} field. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the spec's lower-case name; empty for anything else. */
  public static Optional<EventType> fromSpecName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (EventType t : values()) {
      if (t.specName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
