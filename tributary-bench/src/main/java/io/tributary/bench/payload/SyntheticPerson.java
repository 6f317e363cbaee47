package io.tributary.bench.payload;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One synthetic customer. Every field is derived from the person's index and the run's seed, so the
 * same arguments always describe the same person and no two indices share an identifier.
 *
 * @param index position in the pool, from 0
 * @param userId the login identifier the shop knows the person by, e.g. {@code user-123}
 * @param anonymousId the browser cookie identifier seen before the person logs in
 * @param firstName a first name from a short fixed list
 * @param lastName always {@code Example}
 * @param email {@code user123@example.com}
 * @param phone E.164 number in a fictional 555-01xx block, unique for the first 79,900 indices
 */
public record SyntheticPerson(
    int index,
    String userId,
    String anonymousId,
    String firstName,
    String lastName,
    String email,
    String phone) {

  private static final String[] FIRST_NAMES = {
    "Ada",
    "Alan",
    "Grace",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Niklaus",
    "Margaret",
    "Tony",
    "Radia",
    "Ken",
    "Hedy",
    "Dennis",
    "Katherine",
    "John",
    "Joan",
    "Leslie",
    "Sophie",
    "Tim"
  };

  /** North American area codes 201..999; 555-0100..0199 is fictional in every one of them. */
  private static final int AREA_CODES = 799;

  private static final int FICTIONAL_LINES = 100;

  /** Validates the fields. */
  public SyntheticPerson {
    if (index < 0) {
      throw new IllegalArgumentException("Expected index >= 0, but was " + index);
    }
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(firstName, "firstName");
    Objects.requireNonNull(lastName, "lastName");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(phone, "phone");
  }

  /**
   * Returns the person at {@code index} for a run seeded with {@code seed}.
   *
   * @param index position in the pool, from 0
   * @param seed the run's seed; changes only the anonymous identifier
   * @return the person, never null
   */
  public static SyntheticPerson of(int index, long seed) {
    if (index < 0) {
      throw new IllegalArgumentException("Expected index >= 0, but was " + index);
    }
    String firstName = FIRST_NAMES[index % FIRST_NAMES.length];
    int slot = index % (AREA_CODES * FICTIONAL_LINES);
    String phone =
        String.format(
            Locale.ROOT, "+1%03d55501%02d", 201 + slot / FICTIONAL_LINES, slot % FICTIONAL_LINES);
    UUID anonymousId = new UUID(mix(seed ^ 0x5DEECE66DL, index), mix(seed, ~index));
    return new SyntheticPerson(
        index,
        "user-" + index,
        anonymousId.toString(),
        firstName,
        "Example",
        "user" + index + "@example.com",
        phone);
  }

  /** The display name, e.g. {@code Ada Example 123}: the index keeps names distinct. */
  public String name() {
    return firstName + " " + lastName + " " + index;
  }

  /** SplitMix64 finaliser: spreads (seed, index) over 64 bits for the anonymous identifier. */
  private static long mix(long seed, long index) {
    long z = seed + index * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
