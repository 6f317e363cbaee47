package io.tributary.core.testing;

import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import io.tributary.core.profile.TraitValue;
import io.tributary.core.state.ProfileView;
import io.tributary.core.state.StateReader;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a reader shows about a set of profiles, as values that compare with {@code equals}:
 * for checking that two stores (or a store and its rebuild from the log) hold the same state.
 *
 * <p>For tests with synthetic people only: {@code toString} shows trait and identifier values.
 */
public record StateSnapshot(Map<String, ProfileState> profiles) {

  /** One profile's contents, links, merges and timeline (payloads compared by content). */
  public record ProfileState(
      Instant createdAt,
      Map<String, TraitValue> traits,
      Instant firstSeen,
      Instant lastSeen,
      Map<String, Long> eventCounts,
      Set<String> mergedFrom,
      List<IdentityLink> links,
      List<ProfileMerge> merges,
      List<String> timeline) {}

  /** The snapshot of the live profiles among {@code profileIds}; others are left out. */
  public static StateSnapshot of(StateReader reader, Collection<String> profileIds) {
    Map<String, ProfileState> profiles = new TreeMap<>();
    for (String id : profileIds) {
      reader.profile(id).ifPresent(view -> profiles.put(id, state(reader, view)));
    }
    return new StateSnapshot(profiles);
  }

  /** The snapshot of every live profile of an in-memory store. */
  public static StateSnapshot of(InMemoryStateStore store) {
    return of(store.reader(), store.liveProfileIds());
  }

  private static ProfileState state(StateReader reader, ProfileView view) {
    Profile p = view.profile();
    List<String> timeline =
        reader.timeline(p.id(), null, 1000).stream().map(StateSnapshot::describe).toList();
    return new ProfileState(
        p.createdAt(),
        Map.copyOf(p.traits()),
        p.firstSeen(),
        p.lastSeen(),
        Map.copyOf(p.eventCounts()),
        Set.copyOf(p.mergedFrom()),
        view.links(),
        reader.merges(p.id()),
        timeline);
  }

  private static String describe(TimelineEntry e) {
    return String.join(
        "|",
        e.profileId(),
        e.partition() + "/" + e.position(),
        e.type().specName(),
        String.valueOf(e.name()),
        e.timestamp().toString(),
        e.sourceId(),
        e.messageId(),
        Arrays.toString(e.payload()));
  }
}
