package io.tributary.core.state;

import io.tributary.core.delivery.OutboxEntry;
import io.tributary.core.identity.Identifier;
import io.tributary.core.identity.IdentityLink;
import io.tributary.core.identity.ProfileMerge;
import io.tributary.core.profile.Profile;
import io.tributary.core.profile.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The processor's view of the state store inside one transaction. Everything written through it
 * becomes visible to readers together, at commit, with the consumed log position.
 *
 * <p>Not thread-safe: one transaction belongs to one thread.
 */
public interface StateTransaction {

  /** The next log position to consume in the partition; 0 when nothing was consumed yet. */
  long nextPosition(int partition);

  /** Records that positions before {@code nextPosition} of the partition are consumed. */
  void setNextPosition(int partition, long nextPosition);

  /**
   * Records that a message was processed.
   *
   * @return false if the same source already sent a message with that id (a duplicate), true if it
   *     is the first
   */
  boolean markProcessed(String sourceId, String messageId, Instant receivedAt);

  /** The profile the identifier belongs to, if any. */
  Optional<String> profileOf(Identifier identifier);

  /** The links of a profile, in the order they were made. */
  List<IdentityLink> links(String profileId);

  /**
   * Links an identifier to a profile.
   *
   * @throws IllegalStateException if the identifier already belongs to a profile
   */
  void link(IdentityLink link);

  /**
   * Loads a live (not merged-away) profile. The object is the transaction's own: change it only
   * inside the transaction (and {@link #saveProfile save} it), never after the transaction ended,
   * when a store may keep it as its cached copy.
   */
  Optional<Profile> profile(String profileId);

  /** Inserts or replaces a live profile. */
  void saveProfile(Profile profile);

  /**
   * Merges a profile away: moves its identity links and timeline to the survivor, deletes its
   * profile row, records the merge, and re-points earlier merges into the merged profile so that
   * every id merged into it now resolves to the survivor. The caller saves the survivor's merged
   * traits itself.
   */
  void mergeProfile(ProfileMerge merge);

  /** Appends an event to a profile's timeline. */
  void appendTimeline(TimelineEntry entry);

  /**
   * Writes a message to a destination's outbox (or, when it has a failure instead of a payload,
   * straight to its dead-letter queue); delivery workers see it once this transaction commits.
   */
  void enqueue(OutboxEntry entry);
}
