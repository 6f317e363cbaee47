package io.tributary.core.delivery;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Profiles are spread over a fixed number of lanes. Within one destination the messages of a lane
 * are sent one after the other, in outbox order, so the messages about one profile arrive in the
 * order its events were processed; different lanes are sent in parallel. Hub instances share the
 * delivery work by lane.
 */
public final class Lanes {
  /** How many lanes there are. Part of the stored state: changing it reorders pending messages. */
  public static final int COUNT = 64;

  /** Every lane. */
  public static final Set<Integer> ALL =
      IntStream.range(0, COUNT).boxed().collect(Collectors.toUnmodifiableSet());

  private Lanes() {}

  /** The lane of a profile (String.hashCode is specified, so every instance agrees). */
  public static int of(String profileId) {
    return Math.floorMod(profileId.hashCode(), COUNT);
  }
}
