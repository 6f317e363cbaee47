package io.tributary.core.state;

import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.TimelineEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only queries over committed state, for the profile API. Safe to call from many threads
 * while the processor writes.
 */
public interface StateReader {

  /** The live profile an id resolves to: the id itself, or the survivor it was merged into. */
  Optional<String> resolveProfileId(String profileId);

  /** The live profile an identifier belongs to. */
  Optional<String> profileOf(Identifier identifier);

  /** A live profile with its identity links. */
  Optional<ProfileView> profile(String profileId);

  /** Merges into a live profile (direct or transitive), oldest first. */
  List<ProfileMerge> merges(String survivorId);

  /**
   * A page of a live profile's timeline, newest event first (by timestamp, then log position).
   *
   * @param before only entries strictly older than this cursor; null for the first page
   * @param limit at most this many entries, 1 to 1000
   */
  List<TimelineEntry> timeline(String profileId, TimelineCursor before, int limit);

  /** The next position each partition's processor will consume. */
  long nextPosition(int partition);

  /** The next position to consume of every partition that has consumed anything, in one read. */
  Map<Integer, Long> nextPositions();
}
