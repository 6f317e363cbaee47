package io.tributary.core.delivery;

import io.tributary.core.event.Event;
import io.tributary.core.event.EventType;
import java.util.Set;

/**
 * The cheap first check of which events a destination considers, before its CEL filter.
 *
 * @param types the message types; empty for all
 * @param names the event names of track messages and page or screen names; empty for all. Messages
 *     without a name (identify, group, alias) pass only when this is empty.
 */
public record EventSelector(Set<EventType> types, Set<String> names) {
  public static final EventSelector ALL = new EventSelector(Set.of(), Set.of());

  public EventSelector {
    types = Set.copyOf(types);
    names = Set.copyOf(names);
  }

  public boolean selects(Event event) {
    if (!types.isEmpty() && !types.contains(event.type())) {
      return false;
    }
    if (names.isEmpty()) {
      return true;
    }
    String name =
        switch (event.type()) {
          case TRACK -> event.event();
          case PAGE, SCREEN -> event.name();
          case IDENTIFY, GROUP, ALIAS -> null;
        };
    return name != null && names.contains(name);
  }
}
